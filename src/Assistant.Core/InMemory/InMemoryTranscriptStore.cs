using Assistant.Core.Conversation;

namespace Assistant.Core.InMemory;

public sealed class InMemoryTranscriptStore : ITranscriptStore
{
    private readonly List<TranscriptEntry> _entries = [];
    private readonly Lock _lock = new();

    public Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _entries.AddRange(entries);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TranscriptEntry>>(
                _entries.Where(e => e.ConversationKey == conversationKey).ToList());
        }
    }

    public int RemoveConversation(string conversationKey)
    {
        lock (_lock)
        {
            return _entries.RemoveAll(e => e.ConversationKey == conversationKey);
        }
    }

    public int CountConversation(string conversationKey)
    {
        lock (_lock)
        {
            return _entries.Count(e => e.ConversationKey == conversationKey);
        }
    }

    /// <summary>Every entry, as it is now (for the staff desk's in-memory report store).</summary>
    public IReadOnlyList<TranscriptEntry> Snapshot()
    {
        lock (_lock)
        {
            return _entries.ToList();
        }
    }

    public int RemoveOlderThan(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            return _entries.RemoveAll(e => e.Timestamp < cutoff);
        }
    }
}
