using System.Text.Json.Serialization;

namespace Assistant.Web.Channels.Telegram;

/// <summary>What the channel keeps about one Telegram chat (state document <c>telegram/chats/{chatId}</c>).</summary>
public sealed class TelegramChat
{
    /// <summary>When the chat first wrote to the assistant; null before the first message (first contact).</summary>
    [JsonPropertyName("firstSeen")]
    public DateTimeOffset? FirstSeen { get; set; }

    [JsonPropertyName("keyboard")]
    public TelegramKeyboard? Keyboard { get; set; }

    /// <summary>The bot's membership as Telegram last reported it (<c>my_chat_member</c>): member, kicked, left…</summary>
    [JsonPropertyName("memberStatus")]
    public string? MemberStatus { get; set; }

    [JsonPropertyName("memberStatusAt")]
    public DateTimeOffset? MemberStatusAt { get; set; }

    /// <summary>Set when the user blocked the bot (403 or a <c>kicked</c> status): messages cannot reach them.</summary>
    [JsonPropertyName("blockedAt")]
    public DateTimeOffset? BlockedAt { get; set; }
}
