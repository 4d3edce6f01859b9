namespace Assistant.Core.Subscriptions;

/// <summary>Who opted in to news on which topic. Personal data: exported by /mydata and erased by /forget.</summary>
public interface ISubscriptionStore
{
    /// <summary>Adds the subscription, or renews its channel address and language when it exists.</summary>
    Task SubscribeAsync(Subscription subscription, CancellationToken cancellationToken);

    /// <summary>True when there was such a subscription.</summary>
    Task<bool> UnsubscribeAsync(string participantKey, string topic, CancellationToken cancellationToken);

    /// <summary>Removes every subscription of the participant; returns how many there were.</summary>
    Task<int> UnsubscribeAllAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>The participant's subscriptions, by topic.</summary>
    Task<IReadOnlyList<Subscription>> ListAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>A page of a topic's subscribers ordered by participant key, after <paramref name="afterKey"/> (null: from the start).</summary>
    Task<IReadOnlyList<Subscription>> ListSubscribersAsync(string topic, string? afterKey, int limit, CancellationToken cancellationToken);
}
