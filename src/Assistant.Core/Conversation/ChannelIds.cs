namespace Assistant.Core.Conversation;

/// <summary>
/// The channel ids of the server's own channels, as they appear in conversation keys, state-document keys, transcripts
/// and participant links. Bot Connector conversations carry the id their channel sends (<c>msteams</c>, <c>slack</c>…).
/// </summary>
public static class ChannelIds
{
    public const string DirectLine = "directline";

    public const string Telegram = "telegram";

    /// <summary>The prefix of the Telegram channel's own document per chat (<c>telegram/chats/{chatId}</c>).</summary>
    public const string TelegramChatPrefix = "telegram/chats/";

    public static string TelegramChatKey(string chatId) => TelegramChatPrefix + chatId;
}
