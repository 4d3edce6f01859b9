using System.Text.Json.Serialization;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// The inline keyboard last sent to a chat: which message carries it, its serial (in every button's callback data), and
/// the value each button stands for. Only this keyboard is live; a press on an older one is answered as expired.
/// </summary>
public sealed class TelegramKeyboard
{
    [JsonPropertyName("messageId")]
    public int MessageId { get; set; }

    [JsonPropertyName("serial")]
    public int Serial { get; set; }

    [JsonPropertyName("values")]
    public List<string> Values { get; set; } = [];

    /// <summary>Set when one of its buttons was pressed, so a second press (a double tap) is not taken as a second answer.</summary>
    [JsonPropertyName("used")]
    public bool Used { get; set; }

    public const string Prefix = "k";

    public static string CallbackData(int serial, int index) => $"{Prefix}:{serial}:{index}";

    /// <summary>The value a button press stands for; null when the button is not from this keyboard or it was used.</summary>
    public string? Resolve(int messageId, string? callbackData)
    {
        var parts = callbackData?.Split(':');
        if (Used || messageId != MessageId || parts is not [Prefix, var serialText, var indexText]
            || !int.TryParse(serialText, out var serial) || serial != Serial
            || !int.TryParse(indexText, out var index) || index < 0 || index >= Values.Count)
        {
            return null;
        }

        return Values[index];
    }
}
