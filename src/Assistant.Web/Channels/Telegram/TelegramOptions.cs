namespace Assistant.Web.Channels.Telegram;

/// <summary>The Telegram channel (section <c>Telegram</c>). Without a token the channel is off.</summary>
public sealed class TelegramOptions
{
    public const string SectionName = "Telegram";
    public const string PollingMode = "polling";
    public const string WebhookMode = "webhook";

    /// <summary>The bot token from @BotFather (<c>123456:ABC...</c>). Keep it out of committed files.</summary>
    public string Token { get; set; } = "";

    /// <summary><c>polling</c> (default: long polling, no public address needed) or <c>webhook</c>.</summary>
    public string Mode { get; set; } = PollingMode;

    /// <summary>The public HTTPS address Telegram posts updates to (webhook mode); it must reach <c>/api/telegram/webhook</c>.</summary>
    public string WebhookUrl { get; set; } = "";

    /// <summary>Sent by Telegram in <c>X-Telegram-Bot-Api-Secret-Token</c> with every webhook call; 1–256 of A–Z a–z 0–9 _ -.</summary>
    public string SecretToken { get; set; } = "";

    /// <summary>A self-hosted Bot API server (or a test stand-in); empty means https://api.telegram.org.</summary>
    public string ApiBaseUrl { get; set; } = "";

    /// <summary>How long one <c>getUpdates</c> call waits for updates (long polling).</summary>
    public int PollingTimeoutSeconds { get; set; } = 30;

    /// <summary>Webhook <c>max_connections</c>: how many update deliveries Telegram may have open at once.</summary>
    public int MaxConnections { get; set; } = 40;

    /// <summary>Messages per second to all chats together (Telegram's limit is about 30).</summary>
    public double GlobalMessagesPerSecond { get; set; } = 30;

    /// <summary>Messages per second to one chat, sustained (Telegram's limit is about 1).</summary>
    public double ChatMessagesPerSecond { get; set; } = 1;

    /// <summary>Messages one chat may get at once before the per-chat rate applies (one turn's replies).</summary>
    public int ChatBurst { get; set; } = 3;

    /// <summary>After this long an unfinished claim on an update counts as abandoned (its process died) and is taken over.</summary>
    public int ClaimLeaseSeconds { get; set; } = 120;

    public bool Enabled => !string.IsNullOrWhiteSpace(Token);

    public bool IsWebhook => string.Equals(Mode?.Trim(), WebhookMode, StringComparison.OrdinalIgnoreCase);
}
