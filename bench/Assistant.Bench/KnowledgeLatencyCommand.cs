using System.Diagnostics;
using System.Runtime;
using Assistant.Core.Knowledge;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Assistant.Bench;

/// <summary>
/// <c>knowledge-latency [--quick] [--calls N]</c>: times every one of N calls of <see cref="KnowledgeMatcher.Match"/> over
/// the fixed question mix (percentiles and allocation per call, which BenchmarkDotNet does not report), then, unless
/// --quick, runs <see cref="MatchBenchmarks"/> under BenchmarkDotNet in a short job.
/// </summary>
internal static class KnowledgeLatencyCommand
{
    public const int DefaultCalls = 20_000;
    private const double P99TargetMicroseconds = 1000;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(3);
    private const int WarmUpCallsAtLeast = 2_000;
    private const int BenchmarkWarmups = 3;
    private const int BenchmarkIterations = 10;
    private const int BenchmarkInvocations = 64;

    public static int Run(BenchPaths paths, bool quick, int calls)
    {
        Console.WriteLine("== knowledge-latency" + (quick ? " --quick" : ""));
        Console.WriteLine("dialogs: " + paths.DialogsFolder);
        Console.WriteLine("eval:    " + paths.EvalFile);
        Console.WriteLine(Format.Invariant(
            $"runtime: .NET {Environment.Version}, {Environment.ProcessorCount} logical CPUs, server GC {GCSettings.IsServerGC}, " +
            $"Stopwatch {Stopwatch.Frequency} Hz (high resolution {Stopwatch.IsHighResolution})"));
        Console.WriteLine();

        var knowledge = KnowledgeLoader.Load(paths.DialogsFolder);
        using (var index = KnowledgeIndex.Build(knowledge))
        {
            PlainLoop(new KnowledgeMatcher(knowledge, index), QuestionMix.Load(paths), calls);
        }

        if (!quick)
        {
            Console.WriteLine();
            RunBenchmarkDotNet(paths);
        }

        return 0;
    }

    private static void PlainLoop(KnowledgeMatcher matcher, QuestionMix mix, int calls)
    {
        var questions = mix.Interleaved;
        Console.WriteLine(Format.Invariant(
            $"-- plain loop: {calls} calls of KnowledgeMatcher.Match on one thread, cycling over {questions.Count} questions " +
            $"({QuestionMix.PerCategory} each of {string.Join(", ", mix.Categories.Select(c => c.Name))})"));

        // Warm up until tiered compilation has had time to produce optimised code for the hot paths.
        var sink = 0L;
        var warmUpCalls = 0;
        var warmUpStarted = Stopwatch.GetTimestamp();
        while (warmUpCalls < WarmUpCallsAtLeast || Stopwatch.GetElapsedTime(warmUpStarted) < WarmUpTime)
        {
            sink += matcher.Match(questions[warmUpCalls % questions.Count].Question).Candidates.Count;
            warmUpCalls++;
        }

        var warmUpSeconds = Stopwatch.GetElapsedTime(warmUpStarted).TotalSeconds;
        Console.WriteLine(Format.Invariant($"warm-up: {warmUpCalls} calls in {warmUpSeconds:0.0} s"));

        var ticks = new long[calls];
        var bytes = new long[calls];
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var gen0 = GC.CollectionCount(0);
        var gen1 = GC.CollectionCount(1);
        var gen2 = GC.CollectionCount(2);
        var otherLoad = OtherLoad.Start();
        var loopStarted = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            var question = questions[i % questions.Count].Question;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var before = Stopwatch.GetTimestamp();
            var match = matcher.Match(question);
            var after = Stopwatch.GetTimestamp();
            bytes[i] = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            ticks[i] = after - before;
            sink += match.Candidates.Count;
        }

        var loopSeconds = Stopwatch.GetElapsedTime(loopStarted).TotalSeconds;
        Console.WriteLine(Format.Invariant(
            $"measured: {calls} calls in {loopSeconds:0.00} s; GCs during the loop gen0 {GC.CollectionCount(0) - gen0}, " +
            $"gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}; {otherLoad.Describe()} (checksum {sink})"));
        Console.WriteLine();
        Console.WriteLine(Format.Invariant(
            $"{"questions",-14} {"calls",6}  {"p50 µs",8} {"p90 µs",8} {"p99 µs",8} {"max µs",9} {"mean µs",8}  {"alloc B/call",12}"));
        foreach (var category in mix.Categories)
        {
            var selected = Enumerable.Range(0, calls)
                .Where(i => questions[i % questions.Count].Category == category.Name)
                .ToList();
            PrintRow(category.Name, selected.Select(i => ticks[i]), selected.Select(i => bytes[i]));
        }

        var all = PrintRow("all", ticks, bytes);
        Console.WriteLine();
        Console.WriteLine(Format.Invariant(
            $"target: match p99 <= {P99TargetMicroseconds:0} µs -> p99 {all.P99:0} µs {Format.Verdict(all.P99 <= P99TargetMicroseconds)}"));
    }

    private static (double P99, double Max) PrintRow(string name, IEnumerable<long> ticks, IEnumerable<long> bytes)
    {
        var micros = ticks.Select(Format.Microseconds).Order().ToList();
        var allocated = bytes.ToList();
        var p99 = Format.Percentile(micros, 0.99);
        Console.WriteLine(Format.Invariant(
            $"{name,-14} {micros.Count,6}  {Format.Percentile(micros, 0.50),8:0.0} {Format.Percentile(micros, 0.90),8:0.0} " +
            $"{p99,8:0.0} {micros[^1],9:0.0} {micros.Average(),8:0.0}  {allocated.Average(),12:0}"));
        return (p99, micros[^1]);
    }

    private static void RunBenchmarkDotNet(BenchPaths paths)
    {
        Console.WriteLine(Format.Invariant(
            $"-- BenchmarkDotNet (in process): {BenchmarkWarmups} warm-up and {BenchmarkIterations} measured iterations " +
            $"of {BenchmarkInvocations} invocations × {QuestionMix.PerCategory} questions; time and allocation per question"));

        // MatchBenchmarks gets no command line of ours: it reads the paths from the environment.
        Environment.SetEnvironmentVariable(BenchPaths.DialogsVariable, paths.DialogsFolder);
        Environment.SetEnvironmentVariable(BenchPaths.EvalVariable, paths.EvalFile);

        // In process: no second build of the project (which would take half a minute here and rebuild Assistant.Core
        // from whatever src/ holds by then), so the whole run stays within about two minutes and measures this binary.
        // A fixed invocation count (about half a second per iteration at ~1 ms a question) instead of the pilot stage,
        // whose estimate on this 2-core machine gave iterations shorter than BenchmarkDotNet's 100 ms minimum.
        var job = Job.ShortRun
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(BenchmarkWarmups)
            .WithIterationCount(BenchmarkIterations)
            .WithInvocationCount(BenchmarkInvocations)
            .WithUnrollFactor(1)
            .WithId("Short");
        var config = DefaultConfig.Instance
            .AddJob(job)
            // Keep BenchmarkDotNet's files next to the binaries (bin/ is ignored), not in the caller's current directory.
            .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        BenchmarkRunner.Run<MatchBenchmarks>(config);
    }
}
