using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// The words of a fixed vocabulary that are one typo away from a given word (one insertion, deletion, substitution or
/// swap of neighbours), found by lookup instead of by comparing against every word: each word is filed under itself
/// and under every form with one letter deleted, and two words one typo apart always share one of those keys.
/// </summary>
public sealed class TypoNeighbours
{
    // Each key is kept as a 64-bit hash of its letters, so filing a word allocates no string per deleted letter. Two keys
    // sharing a hash could only offer a word more, which still has to pass the edit-distance check.
    private readonly FeatureMap _keys;

    // The words filed under key id k are _words[_starts[k].._starts[k + 1]], in the vocabulary's order.
    private readonly int[] _starts;
    private readonly string[] _words;

    public TypoNeighbours(IEnumerable<string> vocabulary)
    {
        var distinct = vocabulary.Distinct(StringComparer.Ordinal).ToList();
        _keys = new FeatureMap(distinct.Count * 8);
        var keys = new List<ulong>();
        var filed = new List<(int Key, int Word)>(distinct.Count * 8);
        for (var w = 0; w < distinct.Count; w++)
        {
            Keys(distinct[w], keys);
            foreach (var key in keys)
            {
                filed.Add((_keys.IdOf(key), w));
            }
        }

        // Counted, then laid out in one array: most keys hold a single word, and a list for each would cost more than the words.
        _starts = new int[_keys.Count + 1];
        foreach (var (key, _) in filed)
        {
            _starts[key + 1]++;
        }

        for (var k = 0; k < _keys.Count; k++)
        {
            _starts[k + 1] += _starts[k];
        }

        _words = new string[filed.Count];
        var next = _starts[..^1];
        foreach (var (key, word) in filed)
        {
            _words[next[key]++] = distinct[word];
        }
    }

    /// <summary>The vocabulary's words at most one typo from <paramref name="word"/>, the word itself included when known.</summary>
    public List<string> Find(string word)
    {
        var found = new List<string>();
        var keys = new List<ulong>(word.Length + 1);
        Keys(word, keys);
        foreach (var key in keys)
        {
            if (_keys.Find(key) is not (>= 0 and var id))
            {
                continue;
            }

            foreach (var candidate in _words.AsSpan(_starts[id], _starts[id + 1] - _starts[id]))
            {
                if (!found.Contains(candidate) && EditDistance.AtMostOne(candidate, word))
                {
                    found.Add(candidate);
                }
            }
        }

        return found;
    }

    /// <summary>The keys of a word: the word itself, then the word with each letter deleted in turn.</summary>
    private static void Keys(string word, List<ulong> keys)
    {
        keys.Clear();
        keys.Add(Fnv1a.Hash(Fnv1a.Offset, word));
        var prefix = Fnv1a.Offset;
        for (var i = 0; i < word.Length; i++)
        {
            // Deleting either of two equal neighbours gives the same key; skip the repeat.
            if (i == 0 || word[i] != word[i - 1])
            {
                keys.Add(Fnv1a.Hash(prefix, word.AsSpan(i + 1)));
            }

            prefix = Fnv1a.Hash(prefix, word[i]);
        }
    }
}
