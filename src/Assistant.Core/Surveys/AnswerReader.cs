using System.Globalization;
using System.Text.RegularExpressions;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Language;

namespace Assistant.Core.Surveys;

/// <summary>
/// Reads a typed or clicked answer to a survey question: option numbers ("2"), ordinals ("втория", "second"), option
/// text with small typos, numbers in range, lists of option numbers. What a message means for each question type is
/// in AnswerReader.Questions.cs; yes and no are read by <see cref="ConfirmPrompt"/>, like every yes/no question.
/// </summary>
public static partial class AnswerReader
{
    private static readonly string[][] OrdinalStems =
    [
        ["първ", "first", "1st"], ["втор", "second", "2nd"], ["трет", "third", "3rd"], ["четвърт", "fourth", "4th"],
        ["пет", "fifth", "5th"], ["шест", "sixth", "6th"], ["седм", "seventh", "7th"], ["осм", "eighth", "8th"],
        ["девет", "ninth", "9th"], ["десет", "tenth", "10th"],
    ];

    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["нула"] = 0, ["едно"] = 1, ["един"] = 1, ["една"] = 1, ["две"] = 2, ["два"] = 2, ["три"] = 3, ["четири"] = 4,
        ["пет"] = 5, ["шест"] = 6, ["седем"] = 7, ["осем"] = 8, ["девет"] = 9, ["десет"] = 10,
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10,
    };

    /// <summary>1-based option number the text names by digit or ordinal; null when it names none.</summary>
    public static int? OptionNumber(string folded, int optionCount)
    {
        if (int.TryParse(folded, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 && number <= optionCount ? number : null;
        }

        var words = folded.Split(' ');
        if (words.Length > 3)
        {
            return null;
        }

        for (var i = 0; i < OrdinalStems.Length && i < optionCount; i++)
        {
            if (words.Any(w => OrdinalStems[i].Any(stem => w == stem || (stem.Length > 3 && w.StartsWith(stem, StringComparison.Ordinal) && w.Length <= stem.Length + 3))))
            {
                return i + 1;
            }
        }

        return null;
    }

    /// <summary>The option whose text (either language) or id the input names, allowing a small typo.</summary>
    public static string? MatchOption(string text, IReadOnlyList<SurveyOption> options, bool allowNumbers = true)
    {
        var folded = Fold(text);
        if (folded.Length == 0)
        {
            return null;
        }

        if (allowNumbers && OptionNumber(folded, options.Count) is { } number)
        {
            return options[number - 1].Id;
        }

        string? best = null;
        var bestDistance = int.MaxValue;
        var tie = false;
        foreach (var option in options)
        {
            foreach (var name in new[] { option.Text.Bg, option.Text.En, option.Id })
            {
                var candidate = Fold(name);
                if (candidate == folded)
                {
                    return option.Id;
                }

                var distance = Distance(candidate, folded);
                var allowed = Math.Max(1, candidate.Length / 6);
                if (distance <= allowed && distance <= bestDistance)
                {
                    tie = distance == bestDistance && best != option.Id;
                    best = option.Id;
                    bestDistance = distance;
                }
            }
        }

        return tie ? null : best;
    }

    /// <summary>A whole number the text states ("4", "4/5", "4 от 5", "четири").</summary>
    public static int? WholeNumber(string text)
    {
        if (text.TrimStart().StartsWith('-'))
        {
            return null;
        }

        var folded = Fold(text);
        var match = LeadingInteger().Match(folded);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        return NumberWords.TryGetValue(folded, out var word) ? word : null;
    }

    /// <summary>A decimal number ("12", "3,5", "3.5"); null when the text is not a number.</summary>
    public static decimal? Number(string text)
    {
        var trimmed = text.Trim().Replace(',', '.').Replace(" ", "", StringComparison.Ordinal);
        return decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : WholeNumber(text);
    }

    /// <summary>Option numbers in a list such as "1, 3 и 5"; null unless the whole text is such a list.</summary>
    public static IReadOnlyList<int>? NumberList(string text)
    {
        var parts = NumberListSeparators().Split(Fold(text)).Where(p => p.Length > 0).ToList();
        if (parts.Count < 2)
        {
            return null;
        }

        var numbers = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            numbers.Add(n);
        }

        return numbers.Distinct().ToList();
    }

    public static string Fold(string? text) => TextNormalizer.Fold(text);

    private static int Distance(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 3)
        {
            return int.MaxValue;
        }

        if (EditDistance.AtMostOne(a, b))
        {
            return a == b ? 0 : 1;
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    [GeneratedRegex(@"^(\d{1,3})(?:(?:\s*(?:/|от|of|out of)\s*|\s+)\d{1,3})?$")]
    private static partial Regex LeadingInteger();

    [GeneratedRegex(@"\s*(?:,|;|\s|\bи\b|\band\b)\s*")]
    private static partial Regex NumberListSeparators();
}
