using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Bg;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace Assistant.Core.Knowledge;

/// <summary>How Bulgarian words are reduced before they are compared (the evaluation compares all three).</summary>
public enum BulgarianStemming
{
    /// <summary>Lower case and stop words only.</summary>
    None,

    /// <summary>Lucene's BulgarianStemFilter (the light stemmer).</summary>
    Light,

    /// <summary>
    /// The light stemmer plus a final step that trims a stem-final "и" (stems of five letters or more), so that
    /// "стратегия" (→ стратег) and "стратегията" (→ стратеги) meet, as do "компания"/"компании" and "развитие"/"развития".
    /// </summary>
    LightTrimmed,
}

/// <summary>The analyzers of the two knowledge indexes.</summary>
public static class KnowledgeAnalyzers
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    public static Analyzer Bulgarian(BulgarianStemming stemming = BulgarianStemming.LightTrimmed) =>
        Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new LowerCaseFilter(Version, source);
            stream = new StopFilter(Version, stream, BulgarianAnalyzer.DefaultStopSet);
            if (stemming != BulgarianStemming.None)
            {
                stream = new BulgarianStemFilter(stream);
            }

            if (stemming == BulgarianStemming.LightTrimmed)
            {
                stream = new TrimFinalIFilter(stream);
            }

            return new TokenStreamComponents(source, stream);
        });

    public static Analyzer English() => new EnglishAnalyzer(Version, EnglishStopWords);

    /// <summary>
    /// Lucene's English stop words plus the pronouns, auxiliaries and question words every chat question has: they say
    /// nothing about the topic, and left in they make unrelated questions look alike ("do you…", "how do I…").
    /// </summary>
    private static readonly CharArraySet EnglishStopWords = new(Version,
        EnglishAnalyzer.DefaultStopSet.Select(w => w.ToString()).Concat(
        [
            "i", "me", "my", "you", "your", "we", "our", "us", "he", "she", "his", "her", "its", "them",
            "do", "does", "did", "done", "doing", "can", "could", "would", "should", "shall", "may", "might", "must",
            "have", "has", "had", "am", "been", "being", "were", "what", "whats", "what's", "how", "why", "who", "whom",
            "which", "where", "when", "please", "tell", "know", "about", "any", "some", "there", "here", "get", "got",
            "s", "t", "don't", "dont", "im", "i'm", "u", "ur", "also", "just", "really", "so", "than", "too", "very",
        ]).ToList(), ignoreCase: true);

    /// <summary>The distinct terms the analyzer makes of a text, in order.</summary>
    public static List<string> Terms(Analyzer analyzer, string field, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            var value = term.ToString();
            if (!terms.Contains(value))
            {
                terms.Add(value);
            }
        }

        stream.End();
        return terms;
    }

    private sealed class TrimFinalIFilter : TokenFilter
    {
        private readonly ICharTermAttribute _term;

        public TrimFinalIFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }

            var length = _term.Length;
            if (length >= 5 && _term.Buffer[length - 1] == 'и')
            {
                _term.Length = length - 1;
            }

            return true;
        }
    }
}
