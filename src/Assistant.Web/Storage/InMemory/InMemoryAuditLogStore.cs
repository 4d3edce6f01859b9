using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage.InMemory;

public sealed class InMemoryAuditLogStore : IAuditLogStore
{
    private readonly List<AuditEntry> _entries = [];
    private readonly Lock _lock = new();

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.Add(entry);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> ListAsync(int offset, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // Appended in time order; newest first is the reverse of insertion.
            return Task.FromResult<IReadOnlyList<AuditEntry>>(_entries.AsEnumerable().Reverse().Skip(offset).Take(max).ToList());
        }
    }
}
