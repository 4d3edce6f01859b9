namespace Assistant.Core.Knowledge;

/// <summary>
/// Puts right the words of a question that the knowledge base never uses but that are one typo away from a word it does
/// ("mnay citeis" → "many cities", "прeвключва" with a Latin e, "стратегята"): each such word becomes the most frequent
/// known word one edit away. So does a word the knowledge base uses only once or twice (a sample's deliberate typo,
/// "inovative") when a word one edit away is used twenty times as often. Other words it knows, short words and words with
/// digits are left as typed, so a question in the knowledge base's own words is read exactly as before.
/// </summary>
public sealed class SpellingCorrector
{
    private const int MinLength = 4;

    /// <summary>A known word used this rarely is a typo the samples keep on purpose ("inovative") when a word one edit away
    /// is used <see cref="CommonFactor"/> times as often: it is read as that word.</summary>
    private const int RareCount = 2;

    private const int CommonFactor = 20;

    private readonly Dictionary<string, int> _frequency = new(StringComparer.Ordinal);
    private readonly TypoNeighbours _neighbours;

    /// <param name="words">Every word of the knowledge base's texts as written (lower case), repeats included.</param>
    public SpellingCorrector(IEnumerable<string> words)
    {
        foreach (var word in words)
        {
            _frequency[word] = _frequency.GetValueOrDefault(word) + 1;
        }

        _neighbours = new TypoNeighbours(_frequency.Keys.Where(w => w.Length >= MinLength && IsLetters(w)));
    }

    /// <summary>The words with the unknown ones corrected, or null when none needed it.</summary>
    public List<string>? Correct(IReadOnlyList<string> words)
    {
        List<string>? corrected = null;
        for (var i = 0; i < words.Count; i++)
        {
            var word = words[i];
            var known = _frequency.GetValueOrDefault(word);
            if (word.Length < MinLength || known > RareCount || !IsLetters(word))
            {
                continue;
            }

            string? best = null;
            var bestCount = known == 0 ? 0 : (known * CommonFactor) - 1;
            foreach (var candidate in _neighbours.Find(word))
            {
                var count = _frequency[candidate];
                if (count > bestCount || (count == bestCount && string.CompareOrdinal(candidate, best) < 0))
                {
                    (best, bestCount) = (candidate, count);
                }
            }

            if (best is not null)
            {
                corrected ??= [.. words];
                corrected[i] = best;
            }
        }

        return corrected;
    }

    private static bool IsLetters(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
