using Assistant.Core.Subscriptions;

namespace Assistant.Core.InMemory;

/// <summary>Subscriptions in process memory (tests and the "memory" provider).</summary>
public sealed class InMemorySubscriptionStore : ISubscriptionStore
{
    private readonly Dictionary<(string Key, string Topic), Subscription> _subscriptions = [];
    private readonly Lock _lock = new();

    public Task SubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var id = (subscription.ParticipantKey, subscription.Topic);
            _subscriptions[id] = _subscriptions.TryGetValue(id, out var earlier)
                ? subscription with { SubscribedAt = earlier.SubscribedAt }
                : subscription;
        }

        return Task.CompletedTask;
    }

    public Task<bool> UnsubscribeAsync(string participantKey, string topic, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_subscriptions.Remove((participantKey, topic)));
        }
    }

    public Task<int> UnsubscribeAllAsync(string participantKey, CancellationToken cancellationToken) =>
        Task.FromResult(RemoveParticipant(participantKey));

    /// <summary>Removes every subscription of the participant (the privacy store's erasure); returns how many there were.</summary>
    public int RemoveParticipant(string participantKey)
    {
        lock (_lock)
        {
            var keys = _subscriptions.Keys.Where(k => k.Key == participantKey).ToList();
            keys.ForEach(k => _subscriptions.Remove(k));
            return keys.Count;
        }
    }

    public Task<IReadOnlyList<Subscription>> ListAsync(string participantKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Subscription>>(_subscriptions.Values.Where(s => s.ParticipantKey == participantKey)
                .OrderBy(s => s.Topic, StringComparer.Ordinal).ToList());
        }
    }

    public Task<IReadOnlyList<Subscription>> ListSubscribersAsync(string topic, string? afterKey, int limit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Subscription>>(_subscriptions.Values
                .Where(s => s.Topic == topic && (afterKey is null || string.CompareOrdinal(s.ParticipantKey, afterKey) > 0))
                .OrderBy(s => s.ParticipantKey, StringComparer.Ordinal).Take(limit).ToList());
        }
    }
}
