using System.Text.Json.Nodes;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Renders reply activities the Telegram way: Markdown (or plain text, quoted as-is) as escaped HTML, split on paragraph
/// boundaries below Telegram's 4096-character limit, and suggested actions as an inline keyboard on the last part.
/// </summary>
public static class TelegramRenderer
{
    public const int MaxMessageLength = 4096;

    /// <summary>Titles this short are a scale (1–5, emoji): one row.</summary>
    private const int ScaleTitleLength = 3;

    /// <summary>Titles this short go two to a row; longer ones get a row each.</summary>
    private const int PairTitleLength = 12;

    public static IReadOnlyList<TelegramOutgoingMessage> Render(Activity reply, int maxLength = MaxMessageLength)
    {
        if (reply.Type != ActivityTypes.Message)
        {
            return [];
        }

        var keyboard = Keyboard(reply);
        var plain = string.Equals(reply.TextFormat, "plain", StringComparison.OrdinalIgnoreCase);
        var text = reply.Text ?? "";
        if (string.IsNullOrWhiteSpace(text))
        {
            return keyboard.Count == 0 ? [] : [new TelegramOutgoingMessage("👇", keyboard, UpdatesPrevious(reply))];
        }

        var parts = Split(text, plain ? TelegramHtml.Escape : TelegramHtml.FromMarkdown, maxLength);
        var updatesPrevious = parts.Count == 1 && UpdatesPrevious(reply);
        return parts.Select((html, i) => new TelegramOutgoingMessage(html,
            i == parts.Count - 1 ? keyboard : [], updatesPrevious)).ToList();
    }

    /// <summary>
    /// Splits text into parts whose HTML fits <paramref name="maxLength"/>: whole paragraphs where possible, then whole
    /// lines, then words. Each part is rendered on its own, so no tag spans two messages.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, Func<string, string> render, int maxLength = MaxMessageLength)
    {
        var whole = render(text);
        if (whole.Length <= maxLength)
        {
            return [whole];
        }

        var paragraphs = text.Replace("\r\n", "\n", StringComparison.Ordinal)
            .Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Pack(paragraphs, "\n\n", render, maxLength, paragraph =>
            Pack(paragraph.Split('\n', StringSplitOptions.TrimEntries), "\n", render, maxLength, line =>
                Pack(line.Split(' ', StringSplitOptions.RemoveEmptyEntries), " ", render, maxLength, HardCut)));

        IReadOnlyList<string> HardCut(string word)
        {
            var pieces = new List<string>();
            for (var start = 0; start < word.Length;)
            {
                var length = Math.Min(maxLength, word.Length - start);
                while (length > 1 && render(word.Substring(start, length)).Length > maxLength)
                {
                    length = length * 3 / 4;
                }

                pieces.Add(render(word.Substring(start, length)));
                start += length;
            }

            return pieces;
        }
    }

    /// <summary>Greedily joins pieces into parts that render within the limit; a piece too long alone is split further.</summary>
    private static List<string> Pack(IEnumerable<string> pieces, string separator, Func<string, string> render, int maxLength,
        Func<string, IReadOnlyList<string>> splitFurther)
    {
        var parts = new List<string>();
        string? current = null;
        foreach (var piece in pieces.Where(p => p.Length > 0))
        {
            var candidate = current is null ? piece : current + separator + piece;
            if (render(candidate).Length <= maxLength)
            {
                current = candidate;
                continue;
            }

            if (current is not null)
            {
                parts.Add(render(current));
                current = null;
            }

            if (render(piece).Length <= maxLength)
            {
                current = piece;
            }
            else
            {
                parts.AddRange(splitFurther(piece));
            }
        }

        if (current is not null)
        {
            parts.Add(render(current));
        }

        return parts;
    }

    /// <summary>
    /// Suggested actions as keyboard rows: a scale (very short titles, or <c>channelData.assistant.buttonLayout = "row"</c>)
    /// in one row, short titles two to a row, longer ones one per row.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<TelegramButton>> Keyboard(Activity reply)
    {
        var buttons = (reply.SuggestedActions?.Actions ?? [])
            .Select(ToButton)
            .OfType<TelegramButton>()
            .ToList();
        if (buttons.Count == 0)
        {
            return [];
        }

        var oneRow = AssistantData(reply)?["buttonLayout"] is JsonValue layout && layout.TryGetValue<string>(out var name) && name == "row"
            || buttons.Count <= 10 && buttons.All(b => b.Title.Length <= ScaleTitleLength);
        if (oneRow)
        {
            return [buttons];
        }

        var perRow = buttons.All(b => b.Title.Length <= PairTitleLength) ? 2 : 1;
        return buttons.Chunk(perRow).Select(row => (IReadOnlyList<TelegramButton>)row).ToList();
    }

    public static bool UpdatesPrevious(Activity reply) =>
        AssistantData(reply)?["updatesPrevious"] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;

    private static JsonObject? AssistantData(Activity reply) =>
        reply.ChannelData is JsonObject data && data["assistant"] is JsonObject assistant ? assistant : null;

    private static TelegramButton? ToButton(CardAction action)
    {
        var title = action.Title ?? action.DisplayText ?? action.Value ?? action.Text;
        if (string.IsNullOrWhiteSpace(title))
        {
            return null;
        }

        if (string.Equals(action.Type, "openUrl", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(action.Value, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
                ? new TelegramButton(title, null, url.AbsoluteUri)
                : null;
        }

        return new TelegramButton(title, action.Value ?? action.Text ?? title);
    }
}
