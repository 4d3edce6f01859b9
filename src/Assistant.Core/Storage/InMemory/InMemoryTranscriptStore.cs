namespace Assistant.Core.Storage.InMemory;

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
}
