
namespace Assistant.Core.Conversation;

/// <summary>Lets one turn at a time run per conversation on this instance; eTags catch the cross-instance case.</summary>
public sealed class ConversationGate
{
    // The semaphores never hand out wait handles, so there is nothing to dispose.
#pragma warning disable CA1001
    private sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }
#pragma warning restore CA1001

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Release(key, entry, entered: false);
            throw;
        }

        return new Lease(this, key, entry);
    }

    /// <summary>Number of conversations with a turn running or waiting (for tests and diagnostics).</summary>
    public int ActiveCount
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    private void Release(string key, Entry entry, bool entered)
    {
        if (entered)
        {
            entry.Semaphore.Release();
        }

        lock (_lock)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Lease(ConversationGate gate, string key, Entry entry) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                gate.Release(key, entry, entered: true);
            }
        }
    }
}
