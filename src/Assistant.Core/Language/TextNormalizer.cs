using System.Globalization;
using System.Text;

namespace Assistant.Core.Language;

/// <summary>Folds user text for comparisons: lower case, no accents, no punctuation or emoji, single spaces.</summary>
public static class TextNormalizer
{
    public static string Fold(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                // "й" decomposes to и + breve: keep the breve's letter so Bulgarian words stay intact.
                if (c == '\u0306' && builder.Length > 0 && builder[^1] is 'и' or 'И')
                {
                    builder[^1] = 'й';
                }

                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().Trim().Normalize(NormalizationForm.FormC);
    }
}
