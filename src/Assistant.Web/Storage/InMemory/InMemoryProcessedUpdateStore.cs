using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Storage.InMemory;

public sealed class InMemoryProcessedUpdateStore : IProcessedUpdateStore
{
    private sealed record Entry(ReceivedUpdate Update, DateTimeOffset? CompletedAt);

    private readonly Dictionary<(string Source, long UpdateId), Entry> _entries = [];
    private readonly Lock _lock = new();

    public Task<bool> TryClaimAsync(ReceivedUpdate update, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.TryAdd((update.Source, update.UpdateId), new Entry(update, null)));
        }
    }

    public Task CompleteAsync(string source, long updateId, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue((source, updateId), out var entry) && entry.CompletedAt is null)
            {
                _entries[(source, updateId)] = new Entry(entry.Update with { Payload = "" }, completedAt);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Blanks the payloads of the chat's updates (what was said); the claims stay so nothing runs twice.</summary>
    internal int ScrubConversation(string conversationId)
    {
        lock (_lock)
        {
            var scrubbed = 0;
            foreach (var (key, entry) in _entries.Where(e => e.Value.Update.ConversationId == conversationId && e.Value.Update.Payload != "{}").ToList())
            {
                _entries[key] = entry with { Update = entry.Update with { Payload = "{}" } };
                scrubbed++;
            }

            return scrubbed;
        }
    }

    public Task<IReadOnlyList<ReceivedUpdate>> ListStaleAsync(string source, DateTimeOffset claimedBefore, int max,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<ReceivedUpdate>>(_entries.Values
                .Where(e => e.CompletedAt is null && e.Update.Source == source && e.Update.ClaimedAt < claimedBefore)
                .Select(e => e.Update)
                .OrderBy(u => u.ClaimedAt).ThenBy(u => u.UpdateId)
                .Take(max)
                .ToList());
        }
    }

    public Task<bool> TryReclaimAsync(string source, long updateId, DateTimeOffset staleClaimedAt, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue((source, updateId), out var entry) || entry.CompletedAt is not null
                || entry.Update.ClaimedAt != staleClaimedAt)
            {
                return Task.FromResult(false);
            }

            _entries[(source, updateId)] = entry with { Update = entry.Update with { ClaimedAt = now } };
            return Task.FromResult(true);
        }
    }

    public Task<int> PruneAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var old = _entries.Where(e => e.Value.CompletedAt < completedBefore).Select(e => e.Key).ToList();
            foreach (var key in old)
            {
                _entries.Remove(key);
            }

            return Task.FromResult(old.Count);
        }
    }
}
