using Assistant.Core.Language;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Turns text of one language into the terms every part of matching compares: Latin-script Bulgarian folded to Cyrillic,
/// the language's analyzer (lower case, stemming), then the domain lexicon, which reads every variant of a group
/// ("гласувана", "одобрена") as its canonical form ("приета") and an acronym's expansions as the acronym. The lexicon is
/// applied before stop words are dropped, so "е-управление" is a phrase of its own and "управление" alone is not it.
/// Sample questions, aliases, terms, answers and the user's question all pass through the same steps.
/// </summary>
public sealed class KnowledgeTokenizer : IDisposable
{
    private const string Field = "q";

    private readonly string _lang;
    private readonly Analyzer _analyzer;
    private readonly HashSet<string> _stopTerms;

    // First term of a variant → the variants that start with it (longest first), each with what it is read as.
    private readonly Dictionary<string, List<(string[] Variant, string[] Canonical)>> _lexicon = new(StringComparer.Ordinal);

    public KnowledgeTokenizer(string lang, Lexicon lexicon, BulgarianStemming stemming = BulgarianStemming.LightTrimmed)
    {
        _lang = lang;
        _analyzer = lang == Lang.Bg ? KnowledgeAnalyzers.Bulgarian(stemming, stopWords: false) : KnowledgeAnalyzers.English(stopWords: false);
        // Stop words are dropped after stemming, so they are compared as the analyzer leaves them.
        _stopTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in KnowledgeAnalyzers.StopWords(lang))
        {
            _stopTerms.UnionWith(Analyze(word));
        }

        // Single words first, so that phrases are stored as the single-word pass leaves them ("Sofia chooses" with
        // "Sofia" read as "София").
        var groups = lexicon.In(lang)
            .Select(g => (Canonical: Analyze(Fold(g.Canonical)), Variants: g.Variants.SelectMany(Readings).ToList()))
            .Where(g => g.Canonical.Count > 0)
            .ToList();
        foreach (var (canonical, variants) in groups)
        {
            foreach (var variant in variants.Where(v => v.Count == 1))
            {
                Add(variant, canonical);
            }
        }

        foreach (var (canonical, variants) in groups)
        {
            var canonicalRead = ApplyLexicon(canonical, phrases: false);
            foreach (var variant in variants.Where(v => v.Count > 1))
            {
                Add(ApplyLexicon(variant, phrases: false), canonicalRead);
            }
        }
    }

    /// <summary>
    /// A variant as it reads on its own and, when folding changed it, as written: Latin letters stay Latin inside a Cyrillic
    /// question and in an acronym among lower-case words ("какво е SDTS", "kakvo e SDTS"), so "SDTS" is also kept as "sdts".
    /// </summary>
    private IEnumerable<List<string>> Readings(string variant)
    {
        var folded = Analyze(Fold(variant));
        yield return folded;
        var asWritten = Analyze(variant);
        if (!asWritten.SequenceEqual(folded))
        {
            yield return asWritten;
        }
    }

    private void Add(List<string> variantTerms, List<string> canonicalTerms)
    {
        var variant = variantTerms.ToArray();
        var canonical = canonicalTerms.ToArray();
        if (variant.Length == 0 || variant.AsSpan().SequenceEqual(canonical))
        {
            return;
        }

        if (!_lexicon.TryGetValue(variant[0], out var list))
        {
            _lexicon[variant[0]] = list = [];
        }

        if (!list.Exists(v => v.Variant.AsSpan().SequenceEqual(variant)))
        {
            list.Add((variant, canonical));
            list.Sort((a, b) => b.Variant.Length.CompareTo(a.Variant.Length));
        }
    }

    /// <summary>Every term of a text in order, question words included, the lexicon applied.</summary>
    public List<string> AllTerms(string text) => ApplyLexicon(Analyze(Fold(text)));

    /// <summary>The words of a text as written: lower case, Latin-script Bulgarian folded, nothing stemmed or dropped.</summary>
    public List<string> Words(string text)
    {
        var words = new List<string>();
        var folded = Fold(text).ToLowerInvariant();
        var start = -1;
        for (var i = 0; i <= folded.Length; i++)
        {
            var inWord = i < folded.Length && char.IsLetterOrDigit(folded[i]);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                words.Add(folded[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>The content terms of a text in order (repeats kept, stop words dropped), the lexicon applied.</summary>
    public List<string> Terms(string text) => ContentOf(AllTerms(text));

    /// <summary>The content terms of terms made by <see cref="AllTerms"/>.</summary>
    public List<string> ContentOf(List<string> allTerms) => allTerms.FindAll(t => !_stopTerms.Contains(t));

    public static List<string> Distinct(List<string> terms)
    {
        var distinct = new List<string>(terms.Count);
        foreach (var term in terms)
        {
            if (!distinct.Contains(term))
            {
                distinct.Add(term);
            }
        }

        return distinct;
    }

    public void Dispose() => _analyzer.Dispose();

    private string Fold(string text) => _lang == Lang.Bg && !HasCyrillic(text) ? LatinBulgarian.ToCyrillic(text) : text;

    /// <summary>
    /// Single words first ("sofia" → "софия"), then phrases, so that a phrase written with a variant of one of its words
    /// ("стратегията за дигитална трансформация на sofia") is still found.
    /// </summary>
    private List<string> ApplyLexicon(List<string> analyzed) =>
        _lexicon.Count == 0 ? analyzed : ApplyLexicon(ApplyLexicon(analyzed, phrases: false), phrases: true);

    private List<string> ApplyLexicon(List<string> analyzed, bool phrases)
    {
        var result = new List<string>(analyzed.Count);
        for (var i = 0; i < analyzed.Count;)
        {
            var replaced = false;
            if (_lexicon.TryGetValue(analyzed[i], out var variants))
            {
                foreach (var (variant, canonical) in variants)
                {
                    if ((variant.Length > 1) == phrases && i + variant.Length <= analyzed.Count && Matches(analyzed, i, variant))
                    {
                        result.AddRange(canonical);
                        i += variant.Length;
                        replaced = true;
                        break;
                    }
                }
            }

            if (!replaced)
            {
                result.Add(analyzed[i]);
                i++;
            }
        }

        return result;
    }

    private static bool Matches(List<string> terms, int start, string[] variant)
    {
        for (var j = 0; j < variant.Length; j++)
        {
            if (!string.Equals(terms[start + j], variant[j], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private List<string> Analyze(string text)
    {
        var terms = new List<string>();
        using var stream = _analyzer.GetTokenStream(Field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return terms;
    }

    internal static bool HasCyrillic(string text)
    {
        foreach (var c in text)
        {
            if (c is >= '\u0400' and <= '\u04FF')
            {
                return true;
            }
        }

        return false;
    }
}
