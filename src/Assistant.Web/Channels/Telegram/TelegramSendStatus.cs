namespace Assistant.Web.Channels.Telegram;

public enum TelegramSendStatus
{
    Sent,

    /// <summary>403: the user blocked the bot (or it was removed from the group); not retried.</summary>
    Blocked,

    /// <summary>A permanent error (400) or retries used up.</summary>
    Failed,
}
