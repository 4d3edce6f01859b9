using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// The words of a fixed vocabulary that are one typo away from a given word (one insertion, deletion, substitution or
/// swap of neighbours), found by lookup instead of by comparing against every word: each word is filed under itself
/// and under every form with one letter deleted, and two words one typo apart always share one of those keys.
/// </summary>
public sealed class TypoNeighbours
{
    private readonly Dictionary<string, List<string>> _byKey = new(StringComparer.Ordinal);

    public TypoNeighbours(IEnumerable<string> vocabulary)
    {
        foreach (var word in vocabulary.Distinct(StringComparer.Ordinal))
        {
            foreach (var key in Keys(word))
            {
                if (!_byKey.TryGetValue(key, out var words))
                {
                    _byKey[key] = words = [];
                }

                if (words.Count == 0 || !ReferenceEquals(words[^1], word))
                {
                    words.Add(word);
                }
            }
        }
    }

    /// <summary>The vocabulary's words at most one typo from <paramref name="word"/>, the word itself included when known.</summary>
    public List<string> Find(string word)
    {
        var found = new List<string>();
        foreach (var key in Keys(word))
        {
            if (!_byKey.TryGetValue(key, out var words))
            {
                continue;
            }

            foreach (var candidate in words)
            {
                if (!found.Contains(candidate) && EditDistance.AtMostOne(candidate, word))
                {
                    found.Add(candidate);
                }
            }
        }

        return found;
    }

    private static IEnumerable<string> Keys(string word)
    {
        yield return word;
        for (var i = 0; i < word.Length; i++)
        {
            // Deleting either of two equal neighbours gives the same key; skip the repeat.
            if (i > 0 && word[i] == word[i - 1])
            {
                continue;
            }

            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }
}
