using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage.InMemory;

public sealed class InMemoryStaffStore : IStaffStore
{
    private readonly Dictionary<string, StaffAccount> _accounts = new(StringComparer.Ordinal);
    private readonly List<(long Id, string Name, DateTimeOffset At)> _attempts = [];
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

    public Task<long?> TryBeginLoginAttemptAsync(string name, DateTimeOffset now, DateTimeOffset windowStart, int limit,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _attempts.RemoveAll(a => a.At < windowStart);
            if (_attempts.Count(a => a.Name == name) >= limit)
            {
                return Task.FromResult<long?>(null);
            }

            var id = _nextAttemptId++;
            _attempts.Add((id, name, now));
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
