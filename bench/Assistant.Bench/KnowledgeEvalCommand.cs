using System.Diagnostics;
using Assistant.Core.Knowledge;

namespace Assistant.Bench;

/// <summary>
/// <c>knowledge-eval</c>: load and index times, the evaluation rates per language with every miss, and the same rates for
/// each Bulgarian stemming choice (all other options at their defaults).
/// </summary>
internal static class KnowledgeEvalCommand
{
    private const int Builds = 5;
    private const double BuildTargetMs = 300;

    public static int Run(BenchPaths paths)
    {
        Console.WriteLine("== knowledge-eval");
        Console.WriteLine("dialogs: " + paths.DialogsFolder);
        Console.WriteLine("eval:    " + paths.EvalFile);
        Console.WriteLine();

        // Timings first, while nothing in this process has touched the loader or Lucene: the first load and build
        // are what the host pays at start-up (JIT and one-time initialisation included).
        var started = Stopwatch.GetTimestamp();
        var knowledge = KnowledgeLoader.Load(paths.DialogsFolder);
        var coldLoadMs = Format.Milliseconds(Stopwatch.GetTimestamp() - started);
        var warmLoads = new List<double>();
        for (var i = 0; i < Builds; i++)
        {
            started = Stopwatch.GetTimestamp();
            KnowledgeLoader.Load(paths.DialogsFolder);
            warmLoads.Add(Format.Milliseconds(Stopwatch.GetTimestamp() - started));
        }

        started = Stopwatch.GetTimestamp();
        var index = KnowledgeIndex.Build(knowledge);
        var coldBuildMs = Format.Milliseconds(Stopwatch.GetTimestamp() - started);
        var warmBuilds = new List<double>();
        for (var i = 0; i < Builds; i++)
        {
            started = Stopwatch.GetTimestamp();
            using var again = KnowledgeIndex.Build(knowledge);
            warmBuilds.Add(Format.Milliseconds(Stopwatch.GetTimestamp() - started));
        }

        var questions = knowledge.Entries.Sum(e => e.Bg.Questions.Count + e.En.Questions.Count);
        Console.WriteLine(Format.Invariant($"knowledge base: {knowledge.Entries.Count} entries, {questions} sample questions (bg+en), version {knowledge.Version}"));
        Console.WriteLine(Format.Invariant($"load (KnowledgeLoader.Load):  first {coldLoadMs,7:0.0} ms | median of {Builds} more {Format.Median(warmLoads),7:0.0} ms  [{string.Join(", ", warmLoads.Select(v => Format.Invariant($"{v:0.0}")))}]"));
        Console.WriteLine(Format.Invariant($"index build (Default options): first {coldBuildMs,6:0.0} ms | median of {Builds} more {Format.Median(warmBuilds),7:0.0} ms  [{string.Join(", ", warmBuilds.Select(v => Format.Invariant($"{v:0.0}")))}]"));
        Console.WriteLine(Format.Invariant($"target: index build <= {BuildTargetMs:0} ms -> first build {Format.Verdict(coldBuildMs <= BuildTargetMs)}, median {Format.Verdict(Format.Median(warmBuilds) <= BuildTargetMs)}"));
        Console.WriteLine();

        var rows = EvalSet.Load(paths.EvalFile);
        var unknown = rows.Where(r => r.InScope && knowledge.Find(r.Expected) is null).ToList();
        foreach (var row in unknown)
        {
            Console.WriteLine($"WARNING: expected id \"{row.Expected}\" is not in the knowledge base ({row.Lang}: {row.Question})");
        }

        using (index)
        {
            var matcher = new KnowledgeMatcher(knowledge, index);
            var outcomes = EvalSet.Run(matcher, rows);
            var th = KnowledgeThresholds.Default;
            Console.WriteLine(Format.Invariant(
                $"-- evaluation ({rows.Count} questions; stemming {KnowledgeIndexOptions.Default.Stemming}; thresholds answer {th.Answer}, suggest {th.Suggest}, sure {th.Sure}, margin {th.Margin})"));
            PrintPerLanguage(outcomes);
            Console.WriteLine();
            PrintMisses(outcomes);
        }

        Console.WriteLine();
        PrintStemmingComparison(knowledge, rows);
        return 0;
    }

    private static void PrintPerLanguage(List<EvalSet.Outcome> outcomes)
    {
        Console.WriteLine(Format.Invariant(
            $"{"lang",-8} {"in-scope",8}  {"top-1",-17} {"top-3",-17} {"answered right",-17} {"answered wrong",-17} | {"out-of-scope",12}  {"fallback",-17}"));
        var slices = EvalSet.Languages
            .Select(lang => (Name: lang, Metrics: EvalMetrics.Of(outcomes.Where(o => o.Row.Lang == lang))))
            .Append(("all", EvalMetrics.Of(outcomes)));
        foreach (var (name, m) in slices)
        {
            Console.WriteLine(Format.Invariant(
                $"{name,-8} {m.InScope,8}  {EvalMetrics.RateWithCount(m.Top1, m.InScope),-17} {EvalMetrics.RateWithCount(m.Top3, m.InScope),-17} {EvalMetrics.RateWithCount(m.AnsweredRight, m.InScope),-17} {EvalMetrics.RateWithCount(m.AnsweredWrong, m.InScope),-17} | {m.OutOfScope,12}  {EvalMetrics.RateWithCount(m.Fallback, m.OutOfScope),-17}"));
        }
    }

    private static void PrintMisses(List<EvalSet.Outcome> outcomes)
    {
        var misses = outcomes.Where(o => o.Miss).ToList();
        Console.WriteLine($"-- misses: {misses.Count} (in-scope with a wrong top entry, or out-of-scope answered)");
        Console.WriteLine(Format.Invariant($"{"lang",-8} {"expected",-32} {"got",-32} {"score",5}  {"band",-8}  question"));
        foreach (var miss in misses)
        {
            var top = miss.Match.Top;
            Console.WriteLine(Format.Invariant(
                $"{miss.Row.Lang,-8} {miss.Row.Expected,-32} {top?.Id ?? "(none)",-32} {top?.Score ?? 0,5:0.00}  {miss.Match.Band,-8}  {miss.Row.Question}"));
        }
    }

    private static void PrintStemmingComparison(KnowledgeBase knowledge, List<EvalSet.Row> rows)
    {
        Console.WriteLine("-- stemming comparison (KnowledgeIndexOptions.Default with only Stemming changed; default thresholds)");
        Console.WriteLine(Format.Invariant(
            $"{"stemming",-13} {"questions",-11} {"in-scope",8}  {"top-1",6} {"top-3",6} {"right",6} {"wrong",6} | {"out-of-scope",12} {"fallback",8}"));
        foreach (var stemming in Enum.GetValues<BulgarianStemming>())
        {
            var options = KnowledgeIndexOptions.Default with { Stemming = stemming };
            using var index = KnowledgeIndex.Build(knowledge, options);
            var outcomes = EvalSet.Run(new KnowledgeMatcher(knowledge, index), rows);
            var label = stemming + (options == KnowledgeIndexOptions.Default ? "*" : "");
            foreach (var (scope, slice) in new[]
            {
                ("all", outcomes),
                ("bg+bg-latn", outcomes.Where(o => o.Row.Lang.StartsWith("bg", StringComparison.Ordinal)).ToList()),
            })
            {
                var m = EvalMetrics.Of(slice);
                Console.WriteLine(Format.Invariant(
                    $"{label,-13} {scope,-11} {m.InScope,8}  {EvalMetrics.Rate(m.Top1, m.InScope),6} {EvalMetrics.Rate(m.Top3, m.InScope),6} {EvalMetrics.Rate(m.AnsweredRight, m.InScope),6} {EvalMetrics.Rate(m.AnsweredWrong, m.InScope),6} | {m.OutOfScope,12} {EvalMetrics.Rate(m.Fallback, m.OutOfScope),8}"));
            }
        }

        Console.WriteLine("(* = the default; \"right\"/\"wrong\" = answered (band Answer) with the right/a wrong entry)");
    }
}
