using Assistant.Core.Language;

namespace Assistant.Core.Dialogs.Commands;

/// <summary>Matches a message against the words of a command, with or without a leading slash or a bot mention.</summary>
public static class CommandWords
{
    public static bool Any(string foldedText, params string[] words) =>
        words.Any(w => TextNormalizer.Fold(w) == foldedText);

    /// <summary>Folds text the way commands compare it ("/Help@city_bot" → "help").</summary>
    public static string Fold(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.StartsWith('/'))
        {
            var at = trimmed.IndexOf('@', StringComparison.Ordinal);
            var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            if (at > 0 && (space < 0 || at < space))
            {
                trimmed = trimmed[..at] + (space > 0 ? trimmed[space..] : "");
            }
        }

        return TextNormalizer.Fold(trimmed);
    }
}
