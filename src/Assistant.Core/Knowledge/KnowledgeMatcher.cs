using Assistant.Core.Localization;

namespace Assistant.Core.Knowledge;

/// <summary>
/// Finds the entry that answers a question as people type it: detects the language, folds Latin-script Bulgarian to
/// Cyrillic, searches that language's index, reads a follow-up in the context of the previous answer, and puts the
/// result in a confidence band.
/// </summary>
public sealed class KnowledgeMatcher(KnowledgeBase knowledge, KnowledgeIndex index, KnowledgeThresholds? thresholds = null)
{
    /// <summary>Small talk answers only a message that is all small talk ("добро утро", not "времето утре").</summary>
    private const double SmallTalkCoverage = 0.85;

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
                    map.TryAdd(Dialogs.Prompts.TextNormalizer.Fold(question), entry.Id);
                }
            }

            return map;
        });

    public KnowledgeBase Knowledge => knowledge;

    public KnowledgeIndex Index => index;

    public KnowledgeThresholds Thresholds => _thresholds;

    /// <param name="text">The question as typed.</param>
    /// <param name="language">The language to search in; detected from the text when null.</param>
    /// <param name="contextEntryId">The entry answered just before, whose follow-ups are preferred.</param>
    public KnowledgeMatch Match(string text, string? language = null, string? contextEntryId = null)
    {
        var lang = language ?? LanguageDetector.Detect(text) ?? Lang.Bg;
        var query = lang == Lang.Bg && !HasCyrillic(text) ? LatinBulgarian.ToCyrillic(text) : text;
        if (_exactQuestions[lang].TryGetValue(Dialogs.Prompts.TextNormalizer.Fold(query), out var exactId))
        {
            // A sample question typed (or clicked as a button) word for word.
            var exact = new KnowledgeCandidate(exactId, 1, query, 1, 1);
            return new KnowledgeMatch(lang, [exact], MatchBand.Answer);
        }

        var candidates = index.Search(query, lang, max: 8)
            .Select(c => knowledge.Find(c.Id)?.Kind == KnowledgeKind.SmallTalk && c.Coverage < SmallTalkCoverage
                ? c with { Score = c.Score * 0.5 }
                : c)
            .OrderByDescending(c => c.Score)
            .ThenByDescending(c => c.Relevance)
            .ToList();
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
        var band = top >= _thresholds.Answer ? MatchBand.Answer : top >= _thresholds.Suggest ? MatchBand.Suggest : MatchBand.Fallback;
        if (band == MatchBand.Answer && candidates.Count > 1 && top < _thresholds.Sure
            && candidates[1].Score >= top - _thresholds.Margin)
        {
            // Two entries explain the question about equally well: ask rather than guess.
            band = MatchBand.Suggest;
        }
        return new KnowledgeMatch(lang, candidates.Take(5).ToList(), band);
    }

    private static bool HasCyrillic(string text)
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
