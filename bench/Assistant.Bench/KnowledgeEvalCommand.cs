using System.Diagnostics;
using Assistant.Core.Knowledge;

namespace Assistant.Bench;

/// <summary>
/// <c>knowledge-eval</c>: load and index build times, the evaluation rates per language with every miss, and the same
/// rates for each Bulgarian stemming choice (all other options at their defaults).
/// </summary>
internal static class KnowledgeEvalCommand
{
    private const int Repeats = 5;
    private const double BuildTargetMs = 300;

    /// <param name="showMisses">False for the held-out test part: its rates are reported, its questions are not looked at.</param>
    /// <param name="dump">Where to write the scores of every question as TSV (null: not written).</param>
    public static int Run(BenchPaths paths, bool showMisses, string? dump = null)
    {
        Console.WriteLine("== knowledge-eval");
        Console.WriteLine("dialogs: " + paths.DialogsFolder);
        Console.WriteLine("eval:    " + paths.EvalFile);
        Console.WriteLine();

        // Timings first, while nothing in this process has touched the loader or Lucene: the first load and build are
        // what the host pays at start-up (JIT and one-time initialisation included); the repeats show the steady cost.
        var otherLoad = OtherLoad.Start();
        var coldLoadMs = Time(() => KnowledgeLoader.Load(paths.DialogsFolder), out var knowledge);
        var loads = Repeat(() => KnowledgeLoader.Load(paths.DialogsFolder));
        var coldBuildMs = Time(() => KnowledgeIndex.Build(knowledge), out var index);
        var builds = Repeat(() => KnowledgeIndex.Build(knowledge).Dispose());
        var timingLoad = otherLoad.Describe();

        var questions = knowledge.Entries.Sum(e => e.Bg.Questions.Count + e.En.Questions.Count);
        Console.WriteLine(Format.Invariant(
            $"knowledge base: {knowledge.Entries.Count} entries, {questions} sample questions (bg+en), version {knowledge.Version}"));
        PrintTiming("load (KnowledgeLoader.Load)", coldLoadMs, loads);
        PrintTiming("index build (KnowledgeIndex.Build, Default options)", coldBuildMs, builds);
        Console.WriteLine($"while timing: {timingLoad}");
        Console.WriteLine(Format.Invariant(
            $"target: index build <= {BuildTargetMs:0} ms -> first build {Format.Verdict(coldBuildMs <= BuildTargetMs)}, " +
            $"median {Format.Verdict(Format.Median(builds) <= BuildTargetMs)}"));
        Console.WriteLine();

        var rows = EvalSet.Load(paths.EvalFile);
        foreach (var row in rows.Where(r => r.InScope && knowledge.Find(r.Expected) is null))
        {
            Console.WriteLine($"WARNING: expected id \"{row.Expected}\" is not in the knowledge base ({row.Lang}: {row.Question})");
        }

        using (index)
        {
            var outcomes = EvalSet.Run(new KnowledgeMatcher(knowledge, index), rows);
            if (dump is not null)
            {
                KnowledgeCvCommand.Dump(dump, rows.Select(r =>
                {
                    var lang = r.Lang == "en" ? "en" : "bg";
                    return new KnowledgeCvCommand.Scored(r.Lang, r.Expected, index.Score(r.Question, Assistant.Core.Language.LanguageDetector.Detect(r.Question) ?? lang));
                }).ToList());
            }

            var t = KnowledgeThresholds.Default;
            Console.WriteLine(Format.Invariant(
                $"-- evaluation: {rows.Count} questions; stemming {KnowledgeIndexOptions.Default.Stemming}; " +
                $"thresholds answer {t.Answer}, suggest {t.Suggest}, sure {t.Sure}, margin {t.Margin}"));
            PrintPerLanguage(outcomes);
            Console.WriteLine();
            PrintPerKind(outcomes);
            Console.WriteLine();
            if (showMisses)
            {
                PrintMisses(outcomes);
            }
        }

        Console.WriteLine();
        PrintStemmingComparison(knowledge, rows);
        return 0;
    }

    private static double Time<T>(Func<T> action, out T result)
    {
        var started = Stopwatch.GetTimestamp();
        result = action();
        return Format.Milliseconds(Stopwatch.GetTimestamp() - started);
    }

    private static List<double> Repeat(Action action)
    {
        var times = new List<double>();
        for (var i = 0; i < Repeats; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            times.Add(Format.Milliseconds(Stopwatch.GetTimestamp() - started));
        }

        return times;
    }

    private static void PrintTiming(string what, double firstMs, List<double> repeatsMs)
    {
        var all = string.Join(", ", repeatsMs.Select(v => Format.Invariant($"{v:0.0}")));
        Console.WriteLine(Format.Invariant(
            $"{what}: first {firstMs:0.0} ms; median of {repeatsMs.Count} more {Format.Median(repeatsMs):0.0} ms [{all}]"));
    }

    private static void PrintPerLanguage(List<EvalSet.Outcome> outcomes)
    {
        Console.WriteLine(Format.Invariant(
            $"{"lang",-8} {"in-scope",8}  {"top-1",-17} {"top-3",-17} {"answered right",-17} {"answered wrong",-17} | " +
            $"{"out-of-scope",12}  {"fallback",-17}"));
        var slices = EvalSet.Languages
            .Select(lang => (Name: lang, Metrics: EvalMetrics.Of(outcomes.Where(o => o.Row.Lang == lang))))
            .Append(("all", EvalMetrics.Of(outcomes)));
        foreach (var (name, m) in slices)
        {
            Console.WriteLine(Format.Invariant(
                $"{name,-8} {m.InScope,8}  {EvalMetrics.RateWithCount(m.Top1, m.InScope),-17} " +
                $"{EvalMetrics.RateWithCount(m.Top3, m.InScope),-17} {EvalMetrics.RateWithCount(m.AnsweredRight, m.InScope),-17} " +
                $"{EvalMetrics.RateWithCount(m.AnsweredWrong, m.InScope),-17} | " +
                $"{m.OutOfScope,12}  {EvalMetrics.RateWithCount(m.Fallback, m.OutOfScope),-17}"));
        }
    }

    private static void PrintPerKind(List<EvalSet.Outcome> outcomes)
    {
        Console.WriteLine(Format.Invariant($"{"kind",-11} {"in-scope",8}  {"answered right",-17} {"answered wrong",-17} | {"out-of-scope",12}  {"fallback",-17}"));
        foreach (var group in outcomes.GroupBy(o => o.Row.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var m = EvalMetrics.Of(group);
            Console.WriteLine(Format.Invariant(
                $"{group.Key,-11} {m.InScope,8}  {EvalMetrics.RateWithCount(m.AnsweredRight, m.InScope),-17} " +
                $"{EvalMetrics.RateWithCount(m.AnsweredWrong, m.InScope),-17} | {m.OutOfScope,12}  {EvalMetrics.RateWithCount(m.Fallback, m.OutOfScope),-17}"));
        }
    }

    private static void PrintMisses(List<EvalSet.Outcome> outcomes)
    {
        var misses = outcomes.Where(o => o.Miss || (o.InScope && !o.AnsweredRight)).ToList();
        Console.WriteLine($"-- misses: {misses.Count} (in-scope not answered right, or out-of-scope answered)");
        Console.WriteLine(Format.Invariant($"{"lang",-8} {"expected",-32} {"got",-32} {"score",5}  {"band",-8}  question"));
        foreach (var miss in misses)
        {
            var top = miss.Match.Top;
            Console.WriteLine(Format.Invariant(
                $"{miss.Row.Lang,-8} {miss.Row.Expected,-32} {top?.Id ?? "(none)",-32} {top?.Score ?? 0,5:0.00}  " +
                $"{miss.Match.Band,-8}  {miss.Row.Question}"));
        }
    }

    private static void PrintStemmingComparison(KnowledgeBase knowledge, List<EvalSet.Row> rows)
    {
        Console.WriteLine("-- stemming comparison: KnowledgeIndexOptions.Default with only Stemming changed, default thresholds");
        Console.WriteLine(Format.Invariant(
            $"{"stemming",-13} {"questions",-11} {"in-scope",8}  {"top-1",6} {"top-3",6} {"right",6} {"wrong",6} | " +
            $"{"out-of-scope",12} {"fallback",8}"));
        foreach (var stemming in Enum.GetValues<BulgarianStemming>())
        {
            var options = KnowledgeIndexOptions.Default with { Stemming = stemming };
            using var index = KnowledgeIndex.Build(knowledge, options);
            var outcomes = EvalSet.Run(new KnowledgeMatcher(knowledge, index), rows);

            var label = stemming + (options == KnowledgeIndexOptions.Default ? "*" : "");
            var bulgarian = outcomes.Where(o => o.Row.Lang.StartsWith("bg", StringComparison.Ordinal)).ToList();
            foreach (var (scope, slice) in new[] { ("all", outcomes), ("bg+bg-latn", bulgarian) })
            {
                var m = EvalMetrics.Of(slice);
                Console.WriteLine(Format.Invariant(
                    $"{label,-13} {scope,-11} {m.InScope,8}  {EvalMetrics.Rate(m.Top1, m.InScope),6} " +
                    $"{EvalMetrics.Rate(m.Top3, m.InScope),6} {EvalMetrics.Rate(m.AnsweredRight, m.InScope),6} " +
                    $"{EvalMetrics.Rate(m.AnsweredWrong, m.InScope),6} | {m.OutOfScope,12} {EvalMetrics.Rate(m.Fallback, m.OutOfScope),8}"));
            }
        }

        Console.WriteLine("(* = the default; right/wrong = answered (band Answer) with the right/a wrong entry)");
    }
}
