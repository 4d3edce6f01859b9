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
    private const string IdField = "id";
    private const string QuestionField = "q";
    private const string AnswerField = "a";
    private const int HitsToAggregate = 64;

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
        private readonly int _entryCount;
        private readonly double _unknownIdf;

        private readonly KnowledgeIndexOptions _options;

        private LanguageIndex(Analyzer analyzer, RAMDirectory directory, Dictionary<string, EntryTerms> entries, KnowledgeIndexOptions options)
        {
            _options = options;
            _analyzer = analyzer;
            _directory = directory;
            _reader = DirectoryReader.Open(directory);
            _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
            _entries = entries;
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
            var config = new IndexWriterConfig(KnowledgeAnalyzers.Version, analyzer) { Similarity = new BM25Similarity() };
            using (var writer = new IndexWriter(directory, config))
            {
                foreach (var entry in knowledge.Entries)
                {
                    var text = entry.In(lang);
                    var questionTerms = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var question in text.Questions)
                    {
                        writer.AddDocument(new Document
                        {
                            new StringField(IdField, entry.Id, Field.Store.YES),
                            new TextField(QuestionField, question, Field.Store.YES),
                        });
                        questionTerms.UnionWith(KnowledgeAnalyzers.Terms(analyzer, QuestionField, question));
                    }

                    writer.AddDocument(new Document
                    {
                        new StringField(IdField, entry.Id, Field.Store.YES),
                        new TextField(AnswerField, text.Answer, Field.Store.NO),
                    });
                    var answerTerms = KnowledgeAnalyzers.Terms(analyzer, AnswerField, text.Answer).ToHashSet(StringComparer.Ordinal);
                    entries[entry.Id] = new EntryTerms(questionTerms, answerTerms);
                }

                writer.Commit();
            }

            return new LanguageIndex(analyzer, directory, entries, options);
        }

        public List<KnowledgeCandidate> Search(string text, int max)
        {
            var terms = KnowledgeAnalyzers.Terms(_analyzer, QuestionField, text);
            if (terms.Count == 0)
            {
                return [];
            }

            var query = new BooleanQuery();
            foreach (var term in terms)
            {
                query.Add(new TermQuery(new Term(QuestionField, term)), Occur.SHOULD);
                query.Add(new TermQuery(new Term(AnswerField, term)) { Boost = (float)_options.AnswerBoost }, Occur.SHOULD);
                if (term.Length >= 5)
                {
                    query.Add(new FuzzyQuery(new Term(QuestionField, term), maxEdits: 1, prefixLength: 2) { Boost = (float)_options.FuzzyBoost }, Occur.SHOULD);
                }
            }

            var hits = _searcher.Search(query, HitsToAggregate).ScoreDocs;
            var byEntry = new Dictionary<string, (double Question, double Answer, string? BestQuestion)>(StringComparer.Ordinal);
            foreach (var hit in hits)
            {
                var document = _searcher.Doc(hit.Doc);
                var id = document.Get(IdField);
                var question = document.Get(QuestionField);
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
                    var covered = Coverage(_entries[e.Key], terms, weights, _options);
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

        private static double Coverage(EntryTerms entry, List<string> terms, double[] weights, KnowledgeIndexOptions options)
        {
            double covered = 0;
            for (var i = 0; i < terms.Count; i++)
            {
                var term = terms[i];
                if (entry.Questions.Contains(term))
                {
                    covered += weights[i];
                }
                else if (term.Length >= 5 && entry.Questions.Any(q => EditDistance.AtMostOne(q, term)))
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
