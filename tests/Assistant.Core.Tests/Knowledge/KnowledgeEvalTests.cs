using Assistant.Core.Language;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Knowledge;

/// <summary>
/// The evaluation set's own checks, and the floors of the build: the test part's rates, measured once at the end of the
/// change that set them (BENCHMARKS.md), may not fall below these. They are floors, not targets: a change that lowers
/// them must say why.
/// </summary>
public sealed class KnowledgeEvalTests(ITestOutputHelper output)
{
    private static readonly string[] Kinds =
        ["keyword", "full", "colloquial", "fact", "typo", "nonnative", "synonym", "acronym", "command", "lookalike", "offtopic"];

    /// <summary>The test part: answered right per language and script, fallback out of scope, wrong answers at most.</summary>
    private const double AnsweredRightFloor = 0.91;
    private const double FallbackFloor = 0.90;
    private const double WrongCeiling = 0.04;

    [Fact]
    public void The_evaluation_set_is_big_varied_and_split_in_two()
    {
        var all = KnowledgeEvalSet.Development.Concat(KnowledgeEvalSet.Test).ToList();
        var knowledge = TestBot.Knowledge.Knowledge;

        Assert.True(all.Count >= 600, $"{all.Count} questions");
        foreach (var part in new[] { KnowledgeEvalSet.Development, KnowledgeEvalSet.Test })
        {
            Assert.True(part.Count >= 300, $"{part.Count} questions in a part");
            foreach (var lang in KnowledgeEvalSet.Languages)
            {
                Assert.True(part.Count(r => r.Lang == lang && r.Expected != KnowledgeEvalSet.None) >= 60, $"{lang} in scope");
                Assert.True(part.Count(r => r.Lang == lang && r.Expected == KnowledgeEvalSet.None) >= 10, $"{lang} out of scope");
            }

            Assert.All(Kinds, kind => Assert.Contains(part, r => r.Kind == kind));
        }

        Assert.All(all.Where(r => r.Expected != KnowledgeEvalSet.None), r => Assert.NotNull(knowledge.Find(r.Expected)));
        Assert.All(knowledge.Entries.Where(e => e.Kind == KnowledgeKind.Topic),
            e => Assert.True(all.Count(r => r.Expected == e.Id) >= 4, $"{e.Id} is asked fewer than 4 times"));
        Assert.Empty(KnowledgeEvalSet.Development.Select(r => r.Question).Intersect(KnowledgeEvalSet.Test.Select(r => r.Question)));
    }

    [Fact]
    public void No_evaluation_question_is_a_sample_question_or_an_alias()
    {
        var knowledge = TestBot.Knowledge.Knowledge;
        var content = knowledge.Entries
            .SelectMany(e => Lang.All.SelectMany(lang => e.In(lang).Questions.Concat(e.In(lang).Aliases)))
            .Concat(Lang.All.SelectMany(knowledge.OutOfScopeIn))
            .Select(TextNormalizer.Fold)
            .ToHashSet(StringComparer.Ordinal);

        var copied = KnowledgeEvalSet.Development.Concat(KnowledgeEvalSet.Test)
            .Where(r => content.Contains(TextNormalizer.Fold(r.Question)))
            .Select(r => r.Question)
            .ToList();

        Assert.True(copied.Count == 0, "In the content too: " + string.Join(" | ", copied));
    }

    [Fact]
    public void The_development_part_is_reported()
    {
        var outcomes = KnowledgeEvalSet.Run(TestBot.Knowledge, KnowledgeEvalSet.Development);
        output.WriteLine(KnowledgeEvalSet.Report(outcomes));

        var inScope = outcomes.Where(o => o.InScope).ToList();
        Assert.True(KnowledgeEvalSet.Share(inScope, o => o.Top1) >= 0.85);
    }

    [Fact]
    public void The_test_part_stays_above_its_floors()
    {
        var outcomes = KnowledgeEvalSet.Run(TestBot.Knowledge, KnowledgeEvalSet.Test);
        output.WriteLine(KnowledgeEvalSet.Report(outcomes));

        foreach (var lang in KnowledgeEvalSet.Languages)
        {
            var inScope = outcomes.Where(o => o.InScope && o.Row.Lang == lang).ToList();
            var right = KnowledgeEvalSet.Share(inScope, o => o.AnsweredRight);
            Assert.True(right >= AnsweredRightFloor, $"{lang}: answered right {right:0.000}");
        }

        var all = outcomes.Where(o => o.InScope).ToList();
        var wrong = KnowledgeEvalSet.Share(all, o => o.AnsweredWrong);
        var outOfScope = outcomes.Where(o => !o.InScope).ToList();
        var fallback = KnowledgeEvalSet.Share(outOfScope, o => !o.Answered);
        Assert.True(wrong <= WrongCeiling, $"answered wrong {wrong:0.000}");
        Assert.True(fallback >= FallbackFloor, $"out-of-scope fallback {fallback:0.000}");
    }
}
