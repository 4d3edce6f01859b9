using Assistant.Core.Language;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Finds the entry that answers a question as people type it: detects the language, scores the entries (lexical and
/// learned, with Latin-script Bulgarian folded and the lexicon applied), reads a follow-up in the context of the previous
/// answer, and puts the result in a band by the thresholds: answer, "did you mean", or fall back.
/// </summary>
public sealed class KnowledgeMatcher(KnowledgeBase knowledge, KnowledgeIndex index, KnowledgeThresholds? thresholds = null)
{
    private const int MaxCandidates = 5;

    private readonly KnowledgeThresholds _thresholds = thresholds ?? KnowledgeThresholds.Default;
    private readonly Dictionary<string, Dictionary<string, string>> _exactQuestions = Lang.All.ToDictionary(
        lang => lang,
        lang =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in knowledge.Entries)
            {
                foreach (var question in entry.In(lang).Questions)
                {
                    map.TryAdd(TextNormalizer.Fold(question), entry.Id);
                }
            }

            return map;
        });

    // A command typed as text ("/lang en" where slash commands are not routed first), as written in either language.
    private readonly Dictionary<string, string> _commands = knowledge.Entries
        .Where(e => e.Command is not null)
        .DistinctBy(e => TextNormalizer.Fold(e.Command))
        .ToDictionary(e => TextNormalizer.Fold(e.Command), e => e.Id, StringComparer.Ordinal);

    public KnowledgeBase Knowledge => knowledge;

    public KnowledgeIndex Index => index;

    public KnowledgeThresholds Thresholds => _thresholds;

    /// <param name="text">The question as typed.</param>
    /// <param name="language">The language to search in; detected from the text when null.</param>
    /// <param name="contextEntryId">The entry answered just before, whose follow-ups are preferred.</param>
    public KnowledgeMatch Match(string text, string? language = null, string? contextEntryId = null)
    {
        var lang = language ?? LanguageDetector.Detect(text) ?? Lang.Bg;
        var query = lang == Lang.Bg && !KnowledgeTokenizer.HasCyrillic(text) ? LatinBulgarian.ToCyrillic(text) : text;
        var folded = TextNormalizer.Fold(text);
        var foldedQuery = ReferenceEquals(query, text) ? folded : TextNormalizer.Fold(query);
        if (_commands.TryGetValue(folded, out var exactId) || _exactQuestions[lang].TryGetValue(foldedQuery, out exactId))
        {
            // A command, or a sample question typed (or clicked as a button) word for word.
            var exact = new KnowledgeCandidate(exactId, 1, query, 1, 1, 1, 1);
            return new KnowledgeMatch(lang, [exact], MatchBand.Answer);
        }

        // The question as folded above: the tokenizer then has nothing left to fold.
        var scores = index.Score(query, lang);
        if (lang == Lang.Bg && !KnowledgeTokenizer.HasCyrillic(text))
        {
            // Latin letters may be Bulgarian or the English name of the thing ("maturity analysis sofia kakvo e"): read the
            // question both ways and keep the reading that finds more. The entry is the same in both languages.
            var english = index.Score(text, Lang.En);
            if (Top(english) > Top(scores))
            {
                scores = english;
            }
        }
        else if (lang == Lang.En && !KnowledgeTokenizer.HasCyrillic(text) && !LatinBulgarian.HasEnglishFunctionWord(text))
        {
            // Latin-letter keywords without an English word in them may be Bulgarian the detector could not tell
            // ("doklad zrelost"): read them as Bulgarian too and keep the reading that finds more.
            var bulgarian = index.Score(LatinBulgarian.ToCyrillic(text), Lang.Bg);
            if (Top(bulgarian) > Top(scores))
            {
                scores = bulgarian;
            }
        }

        var candidates = scores.Candidates.ToList();
        if (scores.AliasId is { } aliasId)
        {
            // "What is ICC?": the question names an entry's subject and says nothing else.
            var named = candidates.Find(c => c.Id == aliasId);
            candidates.RemoveAll(c => c.Id == aliasId);
            candidates.Insert(0, (named ?? new KnowledgeCandidate(aliasId, 1, query, 1, 1)) with { Score = 1 });
            return new KnowledgeMatch(lang, candidates.Take(MaxCandidates).ToList(), MatchBand.Answer);
        }

        if (contextEntryId is not null && knowledge.Find(contextEntryId) is { } context
            && (candidates.Count == 0 || candidates[0].Score < _thresholds.Answer))
        {
            candidates = candidates
                .Select(c => c.Id == context.Id || context.FollowUps.Contains(c.Id)
                    ? c with { Score = Math.Min(1, c.Score * KnowledgeThresholds.ContextBonus) }
                    : c)
                .OrderByDescending(c => c.Score)
                .ThenByDescending(c => c.Relevance)
                .ToList();
        }

        var top = candidates.Count > 0 ? candidates[0].Score : 0;
        var second = candidates.Count > 1 ? candidates[1].Score : 0;
        var band = _thresholds.Band(scores, candidates.Count > 0 ? candidates[0].Id : null, top, second);
        return new KnowledgeMatch(lang, candidates.Take(MaxCandidates).ToList(), band) { OutOfScope = scores.OutOfScope };
    }

    private static double Top(KnowledgeScores scores) => scores.Candidates.Count > 0 ? scores.Candidates[0].Score : 0;
}
