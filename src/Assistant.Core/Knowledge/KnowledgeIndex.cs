using System.Text.RegularExpressions;
using Assistant.Core.Language;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Per language: a Lucene index (BM25; sample questions, aliases and key terms as question documents, the answer as one
/// more), the per-entry term sets that calibrate lexical confidence, a linear classifier trained on the same samples
/// plus the out-of-scope ones, and the aliases. <see cref="Score"/> gives every candidate its lexical confidence, its
/// classifier probability and the two combined.
/// </summary>
public sealed partial class KnowledgeIndex : IDisposable
{
    private readonly Dictionary<string, LanguageIndex> _languages;

    private KnowledgeIndex(Dictionary<string, LanguageIndex> languages, string contentVersion, KnowledgeIndexOptions options)
    {
        _languages = languages;
        ContentVersion = contentVersion;
        Options = options;
    }

    public string ContentVersion { get; }

    public KnowledgeIndexOptions Options { get; }

    public static KnowledgeIndex Build(KnowledgeBase knowledge, KnowledgeIndexOptions? options = null)
    {
        var o = options ?? KnowledgeIndexOptions.Default;
        // The two languages are independent: build them side by side.
        var english = Task.Run(() => LanguageIndex.Build(knowledge, Lang.En, o));
        var bulgarian = LanguageIndex.Build(knowledge, Lang.Bg, o);
        return new(new Dictionary<string, LanguageIndex>
        {
            [Lang.Bg] = bulgarian,
            [Lang.En] = english.GetAwaiter().GetResult(),
        }, knowledge.Version, o);
    }

    /// <summary>Candidates for a question in the index's language (Latin-script Bulgarian is folded here), best first.</summary>
    public KnowledgeScores Score(string text, string lang, int max = 8) => _languages[lang].Score(text, max);

    public void Dispose()
    {
        foreach (var index in _languages.Values)
        {
            index.Dispose();
        }
    }

    private sealed partial class LanguageIndex : IDisposable
    {
        private const string QuestionField = "q";
        private const string AnswerField = "a";
        private const int HitsToAggregate = 64;
        private const int FuzzyMinLength = 5;
        private const int FuzzyPrefixLength = 2;

        /// <summary>What BM25 reads of a field: its terms, their frequencies and the field's length (no positions, nothing stored).</summary>
        private static readonly FieldType TermsAndFrequencies = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };

        /// <summary>Small talk answers only a message that is all small talk ("до утре", not "времето утре").</summary>
        private const double SmallTalkCoverage = 0.85;

        private readonly RAMDirectory _directory;
        private readonly DirectoryReader _reader;
        private readonly IndexSearcher _searcher;
        private readonly Dictionary<string, EntryTerms> _entries;
        private readonly Dictionary<string, int> _documentFrequency;
        private readonly TypoNeighbours _questionVocabulary;
        private readonly List<string> _documentEntry;
        private readonly List<string?> _documentQuestion;
        private readonly int _entryCount;
        private readonly KnowledgeIndexOptions _options;
        private readonly IntentClassifier _classifier;
        private readonly SpellingCorrector _spelling;
        private readonly string[] _classIds;
        private readonly Dictionary<string, string> _firstQuestion;
        private readonly Dictionary<string, string> _aliases;
        private readonly HashSet<string> _smallTalk;
        private readonly List<string[]> _places;

        private LanguageIndex(KnowledgeTokenizer tokenizer, RAMDirectory directory, Dictionary<string, EntryTerms> entries,
            List<string> documentEntry, List<string?> documentQuestion, KnowledgeIndexOptions options, IntentClassifier classifier,
            SpellingCorrector spelling, string[] classIds, Dictionary<string, string> firstQuestion, Dictionary<string, string> aliases, HashSet<string> smallTalk,
            List<string[]> places)
        {
            Tokenizer = tokenizer;
            _options = options;
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

            _classifier = classifier;
            _spelling = spelling;
            _classIds = classIds;
            _firstQuestion = firstQuestion;
            _aliases = aliases;
            _smallTalk = smallTalk;
            _places = places;
        }

        public KnowledgeTokenizer Tokenizer { get; }

        public static LanguageIndex Build(KnowledgeBase knowledge, string lang, KnowledgeIndexOptions options)
        {
            var tokenizer = new KnowledgeTokenizer(lang, knowledge.Lexicon, options.Stemming);
            var directory = new RAMDirectory();
            var entries = new Dictionary<string, EntryTerms>(StringComparer.Ordinal);
            var documentEntry = new List<string>();
            var documentQuestion = new List<string?>();
            var samples = new List<IntentClassifier.Sample>();
            var classIds = new List<string>();
            var firstQuestion = new Dictionary<string, string>(StringComparer.Ordinal);
            var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
            var vocabulary = new List<string>();

            // The documents hold terms already analysed (and read through the lexicon); Lucene only splits them again.
            // Document numbers follow the order of adding: one writer, nothing deleted, and a merge policy that only
            // merges neighbouring segments.
            var config = new IndexWriterConfig(KnowledgeAnalyzers.Version, new WhitespaceAnalyzer(KnowledgeAnalyzers.Version))
            {
                Similarity = new BM25Similarity(),
                MergePolicy = new LogByteSizeMergePolicy(),
                RAMBufferSizeMB = 64,
                // An index of a few dozen documents that lives in memory: no compound file to copy its files into.
                UseCompoundFile = false,
            };
            using (var writer = new IndexWriter(directory, config))
            {
                foreach (var entry in knowledge.Entries)
                {
                    var text = entry.In(lang);
                    var classId = classIds.Count;
                    classIds.Add(entry.Id);
                    firstQuestion[entry.Id] = text.Questions.Count > 0 ? text.Questions[0] : entry.Id;
                    var questionTerms = new HashSet<string>(StringComparer.Ordinal);

                    // One question document per entry: its sample questions, aliases and key terms together. The classifier
                    // learns from each sample on its own; BM25 only needs to know which entry's words a question shares.
                    var entryQuestionTerms = new List<string>();

                    void AddQuestion(string question, float weight, bool isAlias)
                    {
                        var all = tokenizer.AllTerms(question);
                        var terms = tokenizer.ContentOf(all);
                        entryQuestionTerms.AddRange(terms);
                        questionTerms.UnionWith(terms);
                        if (isAlias && terms.Count > 0)
                        {
                            aliases.TryAdd(string.Join(' ', terms), entry.Id);
                        }

                        var words = tokenizer.Words(question);
                        vocabulary.AddRange(words);
                        if (all.Count > 0)
                        {
                            samples.Add(new IntentClassifier.Sample(all, words, classId, weight));
                        }
                    }

                    foreach (var question in text.Questions)
                    {
                        AddQuestion(question, 1f, isAlias: false);
                    }

                    foreach (var alias in text.Aliases)
                    {
                        AddQuestion(alias, 1f, isAlias: true);
                    }

                    foreach (var term in text.Terms)
                    {
                        AddQuestion(term, (float)options.TermWeight, isAlias: false);
                    }

                    if (options.AnswerSentenceWeight > 0 && entry.Kind != KnowledgeKind.SmallTalk)
                    {
                        foreach (var sentence in Sentences(text.Answer))
                        {
                            var all = tokenizer.AllTerms(sentence);
                            if (all.Count > 1)
                            {
                                samples.Add(new IntentClassifier.Sample(all, tokenizer.Words(sentence), classId, (float)options.AnswerSentenceWeight));
                            }
                        }
                    }

                    writer.AddDocument(new Document { new Field(QuestionField, string.Join(' ', entryQuestionTerms), TermsAndFrequencies) });
                    documentEntry.Add(entry.Id);
                    documentQuestion.Add(firstQuestion[entry.Id]);

                    vocabulary.AddRange(tokenizer.Words(text.Answer));
                    var answerTerms = tokenizer.Terms(text.Answer);
                    writer.AddDocument(new Document { new Field(AnswerField, string.Join(' ', answerTerms), TermsAndFrequencies) });
                    documentEntry.Add(entry.Id);
                    documentQuestion.Add(null);
                    entries[entry.Id] = new EntryTerms(questionTerms, answerTerms.ToHashSet(StringComparer.Ordinal));
                }

                writer.Commit();
            }

            var outOfScopeClass = classIds.Count;
            foreach (var question in knowledge.OutOfScopeIn(lang))
            {
                var all = tokenizer.AllTerms(question);
                var words = tokenizer.Words(question);
                vocabulary.AddRange(words);
                if (all.Count > 0)
                {
                    samples.Add(new IntentClassifier.Sample(all, words, outOfScopeClass, (float)options.OutOfScopeWeight));
                }
            }

            // Stop words and chat fillers are known words too: "even" is a filler, not a typo of "event".
            vocabulary.AddRange(KnowledgeAnalyzers.StopWords(lang));
            var places = new List<string[]>();
            foreach (var place in knowledge.Lexicon.PlacesIn(lang))
            {
                // Known to the spelling corrector, so that "Пловдив" is never read as a word one letter away.
                vocabulary.AddRange(tokenizer.Words(place));
                if (KnowledgeTokenizer.Distinct(tokenizer.ContentOf(tokenizer.AllTerms(place))) is { Count: > 0 } terms)
                {
                    places.Add([.. terms]);
                }
            }

            var classifier = IntentClassifier.Train(samples, classIds.Count + 1, options.Classifier);
            return new LanguageIndex(tokenizer, directory, entries, documentEntry, documentQuestion, options, classifier,
                new SpellingCorrector(vocabulary), [.. classIds], firstQuestion, aliases,
                knowledge.Entries.Where(e => e.Kind == KnowledgeKind.SmallTalk).Select(e => e.Id).ToHashSet(StringComparer.Ordinal),
                places);
        }

        /// <summary>The sentences and list items of an answer ("22.10.2020" and "innovativesofia.bg" stay whole).</summary>
        private static IEnumerable<string> Sentences(string answer) =>
            SentenceEnd().Split(answer).Select(s => s.Trim()).Where(s => s.Length > 0);

        [GeneratedRegex(@"(?<=[.!?;:])\s+|\n")]
        private static partial Regex SentenceEnd();

        public KnowledgeScores Score(string text, int max)
        {
            var words = Tokenizer.Words(text);
            if (_options.CorrectSpelling && _spelling.Correct(words) is { } corrected)
            {
                // Read as if typed right; the words keep their order, which is all the lexicon's phrases need.
                words = corrected;
                text = string.Join(' ', corrected);
            }

            var allTerms = Tokenizer.AllTerms(text);
            var terms = KnowledgeTokenizer.Distinct(Tokenizer.ContentOf(allTerms));
            var probabilities = allTerms.Count > 0 ? _classifier.Predict(allTerms, words) : null;
            var outOfScope = probabilities is null ? 1.0 : probabilities[^1];
            var lexical = Lexical(terms, HitsToAggregate);
            var byId = lexical.ToDictionary(c => c.Id, StringComparer.Ordinal);
            var weight = probabilities is null ? 0 : _options.ClassifierWeight;
            var candidates = new List<KnowledgeCandidate>();
            for (var c = 0; c < _classIds.Length; c++)
            {
                var id = _classIds[c];
                var probability = probabilities?[c] ?? 0;
                var found = byId.GetValueOrDefault(id);
                if (found is null && probability < 0.01)
                {
                    continue;
                }

                var lexicalScore = found?.Lexical ?? 0;
                var damping = _smallTalk.Contains(id) && (found?.Coverage ?? 0) < SmallTalkCoverage ? 0.5 : 1;
                var combined = damping * ((weight * probability) + ((1 - weight) * lexicalScore));
                candidates.Add(new KnowledgeCandidate(id, combined, found?.Question is { Length: > 0 } q ? q : _firstQuestion[id],
                    found?.Coverage ?? 0, found?.Relevance ?? 0, lexicalScore, probability, damping));
            }

            candidates.Sort((a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : b.Relevance.CompareTo(a.Relevance));
            if (candidates.Count > max)
            {
                candidates.RemoveRange(max, candidates.Count - max);
            }

            var alias = terms.Count > 0 ? _aliases.GetValueOrDefault(string.Join(' ', terms)) : null;
            // A message of digits or signs alone ("2") asks nothing the knowledge base could answer.
            return new KnowledgeScores(candidates, outOfScope, alias, allTerms.Exists(t => t.Any(char.IsLetter)))
            {
                ElsewhereIds = Elsewhere(terms, candidates),
            };
        }

        /// <summary>The candidates that never mention a place the question names ("the digital strategy of Plovdiv").</summary>
        private HashSet<string>? Elsewhere(List<string> terms, List<KnowledgeCandidate> candidates)
        {
            HashSet<string>? elsewhere = null;
            foreach (var place in _places)
            {
                if (!Array.TrueForAll(place, terms.Contains))
                {
                    continue;
                }

                foreach (var candidate in candidates)
                {
                    var entry = _entries[candidate.Id];
                    if (!Array.TrueForAll(place, t => entry.Questions.Contains(t) || entry.Answer.Contains(t)))
                    {
                        (elsewhere ??= new HashSet<string>(StringComparer.Ordinal)).Add(candidate.Id);
                    }
                }
            }

            return elsewhere;
        }

        public List<KnowledgeCandidate> Lexical(List<string> terms, int max)
        {
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
                    return new KnowledgeCandidate(e.Key, score, e.Value.BestQuestion ?? "", coverage, relevance, score, 0);
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
            Tokenizer.Dispose();
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
