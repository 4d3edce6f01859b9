namespace Assistant.Web.Channels.Telegram;

/// <param name="MessageId">The id of the message sent or edited (0 when none).</param>
/// <param name="Error">Telegram's description when it was not sent.</param>
public sealed record TelegramSendResult(TelegramSendStatus Status, int MessageId = 0, string? Error = null)
{
    public bool Sent => Status == TelegramSendStatus.Sent;
}
