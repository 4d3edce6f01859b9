using System.Collections.Concurrent;
using Assistant.Core.Conversation;

namespace Assistant.Core.InMemory;

public sealed class InMemoryStateStore : IStateStore
{
    private readonly ConcurrentDictionary<string, StateEntry> _items = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();

    public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_items.TryGetValue(key, out var entry) ? entry : null);

    public Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken)
    {
        lock (_writeLock)
        {
            _items.TryGetValue(key, out var current);
            if (current?.ETag != expectedETag)
            {
                throw new ConcurrencyConflictException(key);
            }

            var etag = Guid.NewGuid().ToString("N");
            _items[key] = new StateEntry(json, etag);
            return Task.FromResult(etag);
        }
    }

    /// <summary>Writes every document or none: throws <see cref="ConcurrencyConflictException"/> when any eTag changed.</summary>
    public void WriteAll(IReadOnlyList<StateWrite> writes)
    {
        lock (_writeLock)
        {
            foreach (var write in writes)
            {
                _items.TryGetValue(write.Key, out var current);
                if (current?.ETag != write.ExpectedETag)
                {
                    throw new ConcurrencyConflictException(write.Key);
                }
            }

            foreach (var write in writes)
            {
                _items[write.Key] = new StateEntry(write.Json, write.NewETag);
            }
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        _items.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    public int Remove(string key) => _items.TryRemove(key, out _) ? 1 : 0;
}
