using Assistant.Core.Language;
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

    /// <param name="stopWords">False keeps every word (the classifier reads "кога" and "колко" too).</param>
    public static Analyzer Bulgarian(BulgarianStemming stemming = BulgarianStemming.LightTrimmed, bool stopWords = true) =>
        Analyzer.NewAnonymous((_, reader) =>
        {
            var source = new StandardTokenizer(Version, reader);
            TokenStream stream = new QuickLowerCaseFilter(source);
            stream = stopWords ? new StopFilter(Version, stream, BulgarianStopWords) : new MarkStopWordsFilter(stream, BulgarianStopWords);

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

    /// <param name="stopWords">False keeps every word (the classifier reads "when" and "how many" too).</param>
    public static Analyzer English(bool stopWords = true) =>
        stopWords
            ? new EnglishAnalyzer(Version, EnglishStopWords)
            : Analyzer.NewAnonymous((_, reader) =>
            {
                // EnglishAnalyzer's chain, with stop words kept and marked instead of dropped.
                var source = new StandardTokenizer(Version, reader);
                TokenStream stream = new StandardFilter(Version, source);
                stream = new EnglishPossessiveFilter(Version, stream);
                stream = new QuickLowerCaseFilter(stream);
                stream = new MarkStopWordsFilter(stream, EnglishStopWords);
                stream = new PorterStemFilter(stream);
                return new TokenStreamComponents(source, stream);
            });

    /// <summary>
    /// Appended to a stop word kept in the terms, so that it is never mistaken for a content word whose stem happens to
    /// be spelt the same ("приета" stems to "при", which is also the preposition).
    /// </summary>
    public const char StopWordMark = '\uE000';

    /// <summary>The stop words of a language (dropped from the terms that lexical matching and aliases compare).</summary>
    public static IEnumerable<string> StopWords(string lang) =>
        (lang == Lang.Bg ? BulgarianStopWords : EnglishStopWords).Select(w => w.ToString()!);

    /// <summary>
    /// Lucene's Bulgarian stop words less the ones that name things this knowledge base is about ("екип" is the team,
    /// "година" and "месец" are asked about, "нов" tells a new edition from the first).
    /// </summary>
    private static readonly CharArraySet BulgarianStopWords = new(Version,
        BulgarianAnalyzer.DefaultStopSet.Select(w => w.ToString())
            .Except(["екип", "година", "години", "годишен", "месец", "ден", "дни", "днес", "нов", "нова", "нови", "новина",
                "първата", "първи", "първо", "главен", "главна", "главно", "живот", "глас", "резултат", "час", "часа", "три", "два",
                "две", "хиляди", "следващ"])
            .Concat(
            [
                // Fillers and colloquial forms of chat, and the words that only frame a question ("обясни ми какво е X").
                "абе", "бе", "ма", "де", "ей", "кво", "квo", "тва", "туй", "тоз", "тия", "тая", "тоя", "нали", "изобщо",
                "всъщност", "значи", "точно", "въобще", "ли", "що", "шо", "нещо", "някакъв", "някаква", "някакви",
                "обясни", "обяснете", "разкажи", "разкажете", "кажи", "кажете", "означава", "представлява", "представляват",
                "информация", "инфо", "накратко", "малко", "пак", "ами", "ъъъ", "ммм", "хм", "хей", "чакай", "ама", "демек",
                "айде", "брат", "пич", "навсякъде", "споменават", "говорят",
            ])
            .Select(w => w.ToLowerInvariant())
            .ToList(), ignoreCase: false);

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
            // Fillers of chat, and the words that only frame a question ("explain to me what X is").
            "pls", "plz", "btw", "ok", "okay", "lol", "kinda", "guys", "bro", "dude", "um", "uh",
            "explain", "describe", "mean", "means", "meaning", "define", "definition", "info", "information", "briefly",
            "exactly", "actually", "anyway", "wanna", "gonna", "thing", "stuff", "whats", "is", "it", "this", "that",
            "even", "like", "wait", "hey", "yeah", "yo", "hmm", "tbh", "r", "basically", "literally", "honestly",
            "everyone", "everybody", "keeps", "keep", "mentioning", "talking",
        ]).Select(w => w.ToLowerInvariant()).ToList(), ignoreCase: false);

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

    /// <summary>Marks a stop word (as typed, before stemming) with <see cref="StopWordMark"/> and keeps the stemmers off it.</summary>
    private sealed class MarkStopWordsFilter : TokenFilter
    {
        private readonly CharArraySet _stopWords;
        private readonly ICharTermAttribute _term;
        private readonly IKeywordAttribute _keyword;

        public MarkStopWordsFilter(TokenStream input, CharArraySet stopWords) : base(input)
        {
            _stopWords = stopWords;
            _term = AddAttribute<ICharTermAttribute>();
            _keyword = AddAttribute<IKeywordAttribute>();
        }

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }

            if (_stopWords.Contains(_term.Buffer, 0, _term.Length))
            {
                _term.Append(StopWordMark);
                _keyword.IsKeyword = true;
            }

            return true;
        }
    }

    /// <summary>
    /// Lower case exactly as Lucene's <see cref="LowerCaseFilter"/> makes it, with ASCII and the Cyrillic capitals mapped
    /// in place: the general path asks the culture data once per letter, which made lower-casing most of the time spent
    /// analysing Bulgarian. Stop word sets are therefore compared case-sensitively, on terms already lower case.
    /// </summary>
    private sealed class QuickLowerCaseFilter : TokenFilter
    {
        private static readonly CharacterUtils General = CharacterUtils.GetInstance(Version);
        private readonly ICharTermAttribute _term;

        public QuickLowerCaseFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

        public override bool IncrementToken()
        {
            if (!m_input.IncrementToken())
            {
                return false;
            }

            var buffer = _term.Buffer;
            var length = _term.Length;
            for (var i = 0; i < length; i++)
            {
                var c = buffer[i];
                if (c is >= 'A' and <= 'Z' or >= 'А' and <= 'Я')
                {
                    buffer[i] = (char)(c + 32);
                }
                else if (c is >= '\u0400' and <= '\u040F')
                {
                    buffer[i] = (char)(c + 80); // Ѐ..Џ → ѐ..џ
                }
                else if (c >= '\u0080' && !(c is >= 'а' and <= 'я' or >= '\u0450' and <= '\u045F'))
                {
                    // Anything else outside ASCII and the Cyrillic block: the general path, from here to the end.
                    General.ToLower(buffer, i, length - i);
                    break;
                }
            }

            return true;
        }
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
