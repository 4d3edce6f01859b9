using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.Telegram;

/// <summary>One request the server made to the Bot API stand-in, and when it arrived and was answered.</summary>
public sealed record BotApiCall(int Sequence, string Method, JsonObject Body, DateTimeOffset ReceivedAt, int StatusCode)
{
    public DateTimeOffset AnsweredAt { get; init; }

    /// <summary>The <c>message_id</c> of the message the call returned (sendMessage, edits).</summary>
    public int? MessageId { get; init; }

    public string? CallbackData(string title) => Buttons.FirstOrDefault(b => b.Title == title).Data;

    public string? Text => (string?)Body["text"];

    public long? ChatId => Body["chat_id"] is JsonValue v ? long.Parse(v.ToJsonString().Trim('"'), System.Globalization.CultureInfo.InvariantCulture) : null;

    /// <summary>The buttons of the inline keyboard sent with this call: (title, callback_data or url), row by row.</summary>
    public IReadOnlyList<(string Title, string Data)> Buttons =>
        Body["reply_markup"]?["inline_keyboard"] is JsonArray rows
            ? rows.SelectMany(row => row!.AsArray()).Select(b => ((string)b!["text"]!, (string?)b["callback_data"] ?? (string)b["url"]!)).ToList()
            : [];

    public bool Succeeded => StatusCode == 200;
}
