namespace Assistant.Core.Subscriptions;

/// <summary>
/// A participant's opt-in to news on one topic, in the language they chose it in. Nothing is sent to anyone without one.
/// </summary>
/// <param name="Address">Where the channel reaches them: the Telegram chat id, or the web conversation they opted in from.</param>
public sealed record Subscription(string ParticipantKey, string Topic, string Channel, string Address, string Language,
    DateTimeOffset SubscribedAt);

/// <summary>The topics one can subscribe to.</summary>
public static class SubscriptionTopics
{
    public const string Surveys = "surveys";
    public const string Events = "events";
    public const string Results = "results";

    public static readonly IReadOnlyList<string> All = [Surveys, Events, Results];

    public static bool IsValid(string? topic) => topic is Surveys or Events or Results;
}
