
namespace Assistant.Core.Language;

/// <summary>
/// Tells whether a user message is Bulgarian or English. Cheap and allocation-free: it runs on every message.
/// </summary>
/// <remarks>
/// Bulgarian when at least 30% of the letters are Cyrillic; when there is any Cyrillic word and no Latin word is an
/// English function word ("какво е ICC city lab"); or when the Latin text reads as Bulgarian
/// (<see cref="LatinBulgarian.LooksLikeLatinBulgarian"/>). English otherwise, also for text made only of terms both
/// languages use ("sofia digital strategy"). Text without letters (empty, emoji, digits, punctuation) has no language:
/// <see cref="Detect(string?)"/> returns null so the caller keeps the language it had.
/// </remarks>
public static class LanguageDetector
{
    /// <summary><see cref="Lang.Bg"/> or <see cref="Lang.En"/>; null when the text has no letters at all.</summary>
    public static string? Detect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        int cyrillic = 0, letters = 0;
        var englishWord = false;
        var span = text.AsSpan();
        var i = 0;
        while (i < span.Length)
        {
            var c = span[i];
            if (!char.IsLetter(c))
            {
                i++;
                continue;
            }

            // One word: a run of letters (of any script) and apostrophes inside it.
            var start = i;
            var wordCyrillic = 0;
            while (i < span.Length && (char.IsLetter(span[i]) || (span[i] == '\'' && i + 1 < span.Length && char.IsLetter(span[i + 1]))))
            {
                if (IsCyrillic(span[i]))
                {
                    wordCyrillic++;
                }

                if (span[i] != '\'')
                {
                    letters++;
                }

                i++;
            }

            cyrillic += wordCyrillic;
            if (wordCyrillic == 0 && !englishWord)
            {
                var word = span[start..i];
                englishWord = word.Contains('\'') || LatinBulgarian.IsEnglishWord(word);
            }
        }

        if (letters == 0)
        {
            return null;
        }

        if (cyrillic * 10 >= letters * 3 || (cyrillic > 0 && !englishWord))
        {
            return Lang.Bg;
        }

        return LatinBulgarian.LooksLikeLatinBulgarian(text) ? Lang.Bg : Lang.En;
    }

    /// <summary>As <see cref="Detect(string?)"/>, with <paramref name="fallback"/> (the current language) for text without letters.</summary>
    public static string Detect(string? text, string fallback) => Detect(text) ?? fallback;

    private static bool IsCyrillic(char c) => c is >= '\u0400' and <= '\u04FF';
}
