using Assistant.Core.Localization;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Assistant.Core.Knowledge;

/// <summary>
/// One Lucene index per language (BM25, sample questions and answers as separate documents, questions weighed more),
/// plus the per-entry term sets that calibrate confidence: how much of the information in a question an entry explains.
/// </summary>
public sealed class KnowledgeIndex : IDisposable
{
    private const string QuestionField = "q";
    private const string AnswerField = "a";
    private const int HitsToAggregate = 64;
    private const int FuzzyMinLength = 5;
    private const int FuzzyPrefixLength = 2;

    private readonly Dictionary<string, LanguageIndex> _languages;

    private KnowledgeIndex(Dictionary<string, LanguageIndex> languages, string contentVersion)
    {
        _languages = languages;
        ContentVersion = contentVersion;
    }

    public string ContentVersion { get; }

    public static KnowledgeIndex Build(KnowledgeBase knowledge, KnowledgeIndexOptions? options = null)
    {
        var o = options ?? KnowledgeIndexOptions.Default;
        return new(new Dictionary<string, LanguageIndex>
        {
            [Lang.Bg] = LanguageIndex.Build(knowledge, Lang.Bg, KnowledgeAnalyzers.Bulgarian(o.Stemming), o),
            [Lang.En] = LanguageIndex.Build(knowledge, Lang.En, KnowledgeAnalyzers.English(), o),
        }, knowledge.Version);
    }

    /// <summary>Candidates for a question already in the index's language (Latin-script Bulgarian folded), best first.</summary>
    public IReadOnlyList<KnowledgeCandidate> Search(string text, string lang, int max = 5) =>
        _languages[lang].Search(text, max);

    public void Dispose()
    {
        foreach (var index in _languages.Values)
        {
            index.Dispose();
        }
    }

    private sealed class LanguageIndex : IDisposable
    {
        private readonly Analyzer _analyzer;
        private readonly RAMDirectory _directory;
        private readonly DirectoryReader _reader;
        private readonly IndexSearcher _searcher;
        private readonly Dictionary<string, EntryTerms> _entries;
        private readonly Dictionary<string, int> _documentFrequency;
        private readonly TypoNeighbours _questionVocabulary;

        // Per Lucene document number: the entry it belongs to, and its sample question (null for an answer document),
        // so a search never loads stored fields.
        private readonly List<string> _documentEntry;
        private readonly List<string?> _documentQuestion;
        private readonly int _entryCount;
        private readonly double _unknownIdf;

        private readonly KnowledgeIndexOptions _options;

        private LanguageIndex(
            Analyzer analyzer,
            RAMDirectory directory,
            Dictionary<string, EntryTerms> entries,
            List<string> documentEntry,
            List<string?> documentQuestion,
            KnowledgeIndexOptions options)
        {
            _options = options;
            _analyzer = analyzer;
            _directory = directory;
            _reader = DirectoryReader.Open(directory);
            if (_reader.MaxDoc != documentEntry.Count || _reader.NumDeletedDocs != 0)
            {
                throw new InvalidOperationException($"The index holds {_reader.MaxDoc} documents, {documentEntry.Count} were added.");
            }

            _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
            _documentEntry = documentEntry;
            _documentQuestion = documentQuestion;
            _entries = entries;
            _questionVocabulary = new TypoNeighbours(entries.Values.SelectMany(e => e.Questions));
            _entryCount = entries.Count;
            _documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var entry in entries.Values)
            {
                foreach (var term in entry.Questions.Union(entry.Answer))
                {
                    _documentFrequency[term] = _documentFrequency.GetValueOrDefault(term) + 1;
                }
            }

            _unknownIdf = Idf(0);
        }

        public static LanguageIndex Build(KnowledgeBase knowledge, string lang, Analyzer analyzer, KnowledgeIndexOptions options)
        {
            var directory = new RAMDirectory();
            var entries = new Dictionary<string, EntryTerms>(StringComparer.Ordinal);
            var documentEntry = new List<string>();
            var documentQuestion = new List<string?>();

            // Document numbers follow the order of adding: one writer, nothing deleted, and a merge policy that only
            // merges neighbouring segments (a few hundred short documents stay in one segment anyway).
            var config = new IndexWriterConfig(KnowledgeAnalyzers.Version, analyzer)
            {
                Similarity = new BM25Similarity(),
                MergePolicy = new LogByteSizeMergePolicy(),
            };
            using (var writer = new IndexWriter(directory, config))
            {
                foreach (var entry in knowledge.Entries)
                {
                    var text = entry.In(lang);
                    var questionTerms = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var question in text.Questions)
                    {
                        writer.AddDocument(new Document { new TextField(QuestionField, question, Field.Store.NO) });
                        documentEntry.Add(entry.Id);
                        documentQuestion.Add(question);
                        questionTerms.UnionWith(KnowledgeAnalyzers.Terms(analyzer, QuestionField, question));
                    }

                    writer.AddDocument(new Document { new TextField(AnswerField, text.Answer, Field.Store.NO) });
                    documentEntry.Add(entry.Id);
                    documentQuestion.Add(null);
                    var answerTerms = KnowledgeAnalyzers.Terms(analyzer, AnswerField, text.Answer).ToHashSet(StringComparer.Ordinal);
                    entries[entry.Id] = new EntryTerms(questionTerms, answerTerms);
                }

                writer.Commit();
            }

            return new LanguageIndex(analyzer, directory, entries, documentEntry, documentQuestion, options);
        }

        public List<KnowledgeCandidate> Search(string text, int max)
        {
            var terms = KnowledgeAnalyzers.Terms(_analyzer, QuestionField, text);
            if (terms.Count == 0)
            {
                return [];
            }

            var query = new BooleanQuery();
            var typoVariants = new List<string>?[terms.Count];
            for (var i = 0; i < terms.Count; i++)
            {
                var term = terms[i];
                query.Add(new TermQuery(new Term(QuestionField, term)), Occur.SHOULD);
                query.Add(new TermQuery(new Term(AnswerField, term)) { Boost = (float)_options.AnswerBoost }, Occur.SHOULD);
                if (term.Length < FuzzyMinLength)
                {
                    continue;
                }

                var variants = _questionVocabulary.Find(term);
                typoVariants[i] = variants;
                foreach (var variant in variants)
                {
                    // As Lucene's FuzzyQuery (one edit, the first two letters fixed) weighs its terms: an exact
                    // match counts in full, a typo by how much of the shorter word it leaves intact.
                    if (!variant.AsSpan().StartsWith(term.AsSpan(0, FuzzyPrefixLength)))
                    {
                        continue;
                    }

                    var similarity = variant == term ? 1.0 : 1.0 - (1.0 / Math.Min(variant.Length, term.Length));
                    query.Add(new TermQuery(new Term(QuestionField, variant)) { Boost = (float)(_options.FuzzyBoost * similarity) }, Occur.SHOULD);
                }
            }

            // A collector that takes documents in order makes Lucene score with BooleanScorer2 instead of BooleanScorer,
            // which allocates a table of 2,048 buckets for every search; the scores are the same.
            var collector = TopScoreDocCollector.Create(HitsToAggregate, docsScoredInOrder: true);
            _searcher.Search(query, collector);
            var hits = collector.GetTopDocs().ScoreDocs;
            var byEntry = new Dictionary<string, (double Question, double Answer, string? BestQuestion)>(StringComparer.Ordinal);
            foreach (var hit in hits)
            {
                var id = _documentEntry[hit.Doc];
                var question = _documentQuestion[hit.Doc];
                var current = byEntry.GetValueOrDefault(id);
                if (question is not null)
                {
                    if (hit.Score > current.Question)
                    {
                        current = (hit.Score, current.Answer, question);
                    }
                }
                else
                {
                    current = (current.Question, Math.Max(current.Answer, hit.Score), current.BestQuestion);
                }

                byEntry[id] = current;
            }

            if (byEntry.Count == 0)
            {
                return [];
            }

            var weights = terms.Select(t => Idf(_documentFrequency.GetValueOrDefault(t))).ToArray();
            var totalWeight = weights.Sum();
            var best = byEntry.Max(e => e.Value.Question + e.Value.Answer);
            return byEntry
                .Select(e =>
                {
                    var relevance = (e.Value.Question + e.Value.Answer) / best;
                    var covered = Coverage(_entries[e.Key], terms, typoVariants, weights, _options);
                    var coverage = covered / totalWeight;
                    // A question whose only overlap is one common word carries too little to be sure about.
                    var information = Math.Min(1, covered / _options.InformationNeeded);
                    var score = Math.Clamp(coverage * Math.Pow(relevance, _options.RelevanceExponent) * information, 0, 1);
                    return new KnowledgeCandidate(e.Key, score, e.Value.BestQuestion ?? "", coverage, relevance);
                })
                .OrderByDescending(c => c.Score)
                .ThenByDescending(c => c.Relevance)
                .Take(max)
                .ToList();
        }

        public void Dispose()
        {
            _reader.Dispose();
            _directory.Dispose();
            _analyzer.Dispose();
        }

        private double Idf(int documentFrequency) => Math.Log(1 + ((_entryCount + 1) / (documentFrequency + 0.5)));

        private static double Coverage(EntryTerms entry, List<string> terms, List<string>?[] typoVariants, double[] weights, KnowledgeIndexOptions options)
        {
            double covered = 0;
            for (var i = 0; i < terms.Count; i++)
            {
                var term = terms[i];
                if (entry.Questions.Contains(term))
                {
                    covered += weights[i];
                }
                else if (typoVariants[i] is { } variants && variants.Exists(entry.Questions.Contains))
                {
                    covered += weights[i] * options.FuzzyCredit;
                }
                else if (entry.Answer.Contains(term))
                {
                    covered += weights[i] * options.AnswerOnlyCredit;
                }
            }

            return covered;
        }
    }

    private sealed record EntryTerms(HashSet<string> Questions, HashSet<string> Answer);
}
