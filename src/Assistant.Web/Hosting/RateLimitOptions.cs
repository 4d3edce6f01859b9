namespace Assistant.Web.Hosting;

/// <summary>
/// Limits on the public endpoints, per client IP unless said otherwise. Over a limit: 429 with Retry-After. All are per
/// server instance.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "RateLimits";

    public int ChatTokenPerMinute { get; set; } = 20;

    /// <summary>Every Direct Line request (posts and WebSocket upgrades included), counted before authentication.</summary>
    public int DirectLinePerMinute { get; set; } = 600;

    public int KnowledgeAskPerMinute { get; set; } = 120;

    /// <summary>The public results pages (<c>/results/{surveyId}</c>).</summary>
    public int ResultsPagePerMinute { get; set; } = 60;

    /// <summary>
    /// Messages one Direct Line conversation may post per minute (whatever IP they come from), on top of the per-IP
    /// limit; charged only once the token is valid for that conversation.
    /// </summary>
    public int ConversationMessagesPerMinute { get; set; } = 60;

    /// <summary>Direct Line WebSocket streams open at the same time from one client IP.</summary>
    public int DirectLineStreamsPerIp { get; set; } = 20;

    /// <summary>Direct Line WebSocket streams open at the same time on one conversation (tabs, reconnects).</summary>
    public int DirectLineStreamsPerConversation { get; set; } = 3;
}
