using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage.InMemory;

public sealed class InMemoryStaffStore : IStaffStore
{
    private readonly Dictionary<string, StaffAccount> _accounts = new(StringComparer.Ordinal);
    private readonly List<(long Id, string Name, string Client, DateTimeOffset At)> _attempts = [];
    private readonly Lock _lock = new();
    private long _nextAttemptId = 1;

    public Task<StaffAccount?> FindAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.GetValueOrDefault(name));
        }
    }

    public Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StaffAccount>>(_accounts.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList());
        }
    }

    public Task<bool> CreateAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.TryAdd(account.Name, account));
        }
    }

    public Task<bool> UpdateAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_accounts.TryGetValue(account.Name, out var existing))
            {
                return Task.FromResult(false);
            }

            _accounts[account.Name] = account with { CreatedAt = existing.CreatedAt };
            return Task.FromResult(true);
        }
    }

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_accounts.Remove(name));
        }
    }

    public Task<long?> TryBeginLoginAttemptAsync(string name, string client, DateTimeOffset now, IReadOnlyList<LoginBudget> budgets,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var oldest = budgets.Min(b => b.Since);
            _attempts.RemoveAll(a => a.At < oldest);
            if (budgets.Any(b => _attempts.Count(a => a.Name == name && a.Client == client && a.At >= b.Since) >= b.Limit))
            {
                return Task.FromResult<long?>(null);
            }

            var id = _nextAttemptId++;
            _attempts.Add((id, name, client, now));
            return Task.FromResult<long?>(id);
        }
    }

    public Task ForgetLoginAttemptAsync(long attemptId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _attempts.RemoveAll(a => a.Id == attemptId);
        }

        return Task.CompletedTask;
    }

    public Task<int> CountLoginFailuresAsync(string name, DateTimeOffset since, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_attempts.Count(a => a.Name == name && a.At >= since));
        }
    }

    public Task ClearLoginFailuresAsync(string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _attempts.RemoveAll(a => a.Name == name);
        }

        return Task.CompletedTask;
    }
}
