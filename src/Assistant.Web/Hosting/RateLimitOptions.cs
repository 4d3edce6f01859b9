namespace Assistant.Web.Hosting;

/// <summary>Requests per client IP per minute on the public endpoints. Over the limit: 429 with Retry-After.</summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public int ChatTokenPerMinute { get; set; } = 20;

    public int DirectLinePerMinute { get; set; } = 600;

    public int KnowledgeAskPerMinute { get; set; } = 120;

    /// <summary>Messages one Direct Line conversation may post per minute (whatever IP they come from).</summary>
    public int ConversationMessagesPerMinute { get; set; } = 60;
}
