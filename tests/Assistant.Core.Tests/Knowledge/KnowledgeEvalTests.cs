using Assistant.Core.Knowledge;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Knowledge;

/// <summary>The bars of the evaluation set: the build fails below them.</summary>
public sealed class KnowledgeEvalTests(ITestOutputHelper output)
{
    [Fact]
    public void The_evaluation_set_is_big_and_balanced_enough()
    {
        var rows = KnowledgeEvalSet.Rows;
        Assert.True(rows.Count >= 200, $"{rows.Count} rows");
        Assert.True(rows.Count(r => r.Expected == KnowledgeEvalSet.None) >= 40);
        var bulgarian = rows.Count(r => r.Lang.StartsWith("bg", StringComparison.Ordinal) && r.Expected != KnowledgeEvalSet.None);
        var english = rows.Count(r => r.Lang == "en" && r.Expected != KnowledgeEvalSet.None);
        Assert.True(bulgarian >= 100 && english >= 100, $"bg {bulgarian}, en {english}");
        Assert.InRange(bulgarian / (double)(bulgarian + english), 0.4, 0.6);
        Assert.True(rows.Count(r => r.Lang == "bg-latn") >= 30);
    }

    [Fact]
    public void Top1_and_out_of_scope_fallback_reach_085()
    {
        var outcomes = KnowledgeEvalSet.Run(TestBot.Knowledge);
        output.WriteLine(KnowledgeEvalSet.Report(outcomes));
        foreach (var miss in outcomes.Where(o => o.InScope ? !o.Top1 : o.Answered))
        {
            output.WriteLine($"MISS {miss.Row.Lang} expected {miss.Row.Expected} got {miss.Match.Top?.Id} ({miss.Match.Top?.Score:0.00}, {miss.Match.Band}): {miss.Row.Question}");
        }

        var inScope = outcomes.Where(o => o.InScope).ToList();
        var outOfScope = outcomes.Where(o => !o.InScope).ToList();
        var top1 = inScope.Count(o => o.Top1) / (double)inScope.Count;
        var fallback = outOfScope.Count(o => !o.Answered) / (double)outOfScope.Count;
        Assert.True(top1 >= 0.85, $"top-1 {top1:0.000}");
        Assert.True(fallback >= 0.85, $"fallback {fallback:0.000}");
    }

    [Fact]
    public void Confident_answers_are_rarely_wrong()
    {
        var inScope = KnowledgeEvalSet.Run(TestBot.Knowledge).Where(o => o.InScope).ToList();

        var wrong = inScope.Count(o => o.AnsweredWrong) / (double)inScope.Count;

        Assert.True(wrong <= 0.05, $"{wrong:0.000} of in-scope questions were answered with a wrong entry");
    }
}
