namespace Assistant.Bench.Service;

internal sealed record Targets(double KnowledgeShare, double KnowledgeP99Ms, double SurveyShare, double PeerRatioSqlite,
    double PeerRatioMemory, long SocketsRss, double StartUpMs);

/// <summary>The medians over the runs, as the table in BENCHMARKS.md shows them, and the target checks.</summary>
internal static class Summary
{
    public static void Print(List<CalibrationRun> calibrations, List<KnowledgeRun> knowledge, List<SurveyRun> surveys,
        List<SocketsRun> sockets, List<StartUpRun> startUps)
    {
        Console.WriteLine($"\n== medians over the runs (lowest–highest run in brackets)");
        Console.WriteLine("| scenario | turns or requests/s | of echo | p50 ms | p95 ms | p99 ms | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var echo = calibrations.Select(c => c.Echo.PerSecond).ToList();
        if (calibrations.Count > 0)
        {
            Row("no-op HTTP endpoint", calibrations.Select(c => c.Noop).ToList(), null);
            Row("echo Direct Line server", calibrations.Select(c => c.Echo).ToList(), null);
        }

        if (knowledge.Count > 0)
        {
            Row("knowledge turns, most", knowledge.Select(k => k.Max).ToList(), echo);
            Row(Format.Invariant($"knowledge turns at half that rate (~{Format.Median(knowledge.Select(k => k.HalfRate).ToList()):0}/s)"),
                knowledge.Select(k => k.AtHalfRate).ToList(), echo);
        }

        foreach (var group in surveys.GroupBy(s => s.Storage))
        {
            Row($"survey turns, {group.Key}", group.Select(s => s.Turns).ToList(), echo);
        }

        foreach (var group in surveys.GroupBy(s => s.Storage))
        {
            Console.WriteLine(Format.Invariant(
                $"survey answers [{group.Key}]: acknowledged {string.Join(", ", group.Select(s => s.Acknowledged))}; stored {string.Join(", ", group.Select(s => s.Stored))}"));
        }

        if (sockets.Count > 0)
        {
            Console.WriteLine(Format.Invariant(
                $"open conversations: {sockets[0].Open} WebSockets; RSS after connecting {Span(sockets.Select(o => ServiceCommand.Mb(o.ResidentAfterConnect)).ToList(), "0")} MB, peak {Span(sockets.Select(o => ServiceCommand.Mb(o.PeakResident)).ToList(), "0")} MB; GC heap {Span(sockets.Where(o => o.GcHeapMb is not null).Select(o => o.GcHeapMb!.Value).ToList(), "0")} MB; connect {Span(sockets.Select(o => o.ConnectSeconds).ToList(), "0.0")} s; messages p99 {Span(sockets.Select(o => o.Messages.P99).ToList(), "0.0")} ms, errors {sockets.Sum(o => o.Messages.Errors)}"));
        }

        if (startUps.Count > 0)
        {
            Console.WriteLine(Format.Invariant(
                $"start-up to first answered turn: {Span(startUps.Select(u => u.FirstAnswerMs).ToList(), "0")} ms; knowledge index build {Span(startUps.Where(u => u.IndexMs is not null).Select(u => u.IndexMs!.Value).ToList(), "0")} ms"));
        }
    }

    /// <summary>The side-by-side run: each server's survey turns over /api/messages and its ratio to the JS SDK peer of the same run.</summary>
    public static void PrintApiMessages(List<List<ApiMessagesRun>> runs)
    {
        if (runs.Count == 0)
        {
            return;
        }

        Console.WriteLine("\n== survey turns over /api/messages (expectReplies), medians over the runs (lowest–highest run in brackets)");
        Console.WriteLine("| server | turns/s | of the JS SDK peer | p50 ms | p95 ms | p99 ms | server CPU ms/turn | errors |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var name in runs[0].Select(a => a.Server))
        {
            var rows = runs.Select(r => r.Single(a => a.Server == name)).ToList();
            var ratios = runs.Select(r => r.Single(a => a.Server == name).Turns.PerSecond / r[0].Turns.PerSecond).ToList();
            Console.WriteLine(Format.Invariant(
                $"| {name} | {Span(rows.Select(a => a.Turns.PerSecond).ToList(), "#,0")} | {Span(ratios, "0.00")} | {Span(rows.Select(a => a.Turns.P50).ToList(), "0.0")} | {Span(rows.Select(a => a.Turns.P95).ToList(), "0.0")} | {Span(rows.Select(a => a.Turns.P99).ToList(), "0.0")} | {Span(rows.Select(a => a.CpuMsPerTurn).ToList(), "0.00")} | {rows.Sum(a => a.Turns.Errors)} |"));
        }
    }

    public static void Targets(List<CalibrationRun> calibrations, List<KnowledgeRun> knowledge, List<SurveyRun> surveys,
        List<SocketsRun> sockets, List<StartUpRun> startUps, List<List<ApiMessagesRun>> apiMessages, Targets targets)
    {
        Console.WriteLine("\n== targets");
        if (calibrations.Count > 0 && knowledge.Count == calibrations.Count)
        {
            var share = Format.Median(knowledge.Select((k, i) => k.Max.PerSecond / calibrations[i].Echo.PerSecond).ToList());
            Console.WriteLine(Format.Invariant($"knowledge turns >= {targets.KnowledgeShare:0%} of echo: {share:0%} -> {Format.Verdict(share >= targets.KnowledgeShare)}"));
        }

        if (knowledge.Count > 0)
        {
            var p99 = Format.Median(knowledge.Select(k => k.AtHalfRate.P99).ToList());
            Console.WriteLine(Format.Invariant($"knowledge p99 at half the most <= {targets.KnowledgeP99Ms} ms: {p99:0.0} ms -> {Format.Verdict(p99 <= targets.KnowledgeP99Ms)}"));
        }

        var full = surveys.Where(s => s.Storage == StorageSetup.Sqlite("FULL").Name).ToList();
        if (calibrations.Count > 0 && full.Count == calibrations.Count)
        {
            var share = Format.Median(full.Select((s, i) => s.Turns.PerSecond / calibrations[i].Echo.PerSecond).ToList());
            var allStored = full.All(s => s.Acknowledged == s.Stored);
            Console.WriteLine(Format.Invariant(
                $"durable survey turns (SQLite FULL) >= {targets.SurveyShare:0%} of echo, every acknowledged answer stored: {share:0%}, {(allStored ? "all stored" : "COUNTS DIFFER")} -> {Format.Verdict(share >= targets.SurveyShare && allStored)}"));
        }

        if (apiMessages.Count > 0)
        {
            // Each run's first server is the peer; the ratio is taken within a run, then the median over the runs.
            foreach (var name in apiMessages[0].Skip(1).Select(a => a.Server))
            {
                var ratio = Format.Median(apiMessages.Select(r => r.Single(a => a.Server == name).Turns.PerSecond / r[0].Turns.PerSecond).ToList());
                var target = name.Contains(StorageSetup.Memory().Name, StringComparison.Ordinal) ? targets.PeerRatioMemory : targets.PeerRatioSqlite;
                Console.WriteLine(Format.Invariant(
                    $"/api/messages survey turns [{name}] >= {target:0.0#} x the JS SDK peer: {ratio:0.00} x -> {Format.Verdict(ratio >= target)}"));
            }
        }

        if (sockets.Count > 0)
        {
            var peak = Format.Median(sockets.Select(o => (double)o.PeakResident).ToList());
            Console.WriteLine(Format.Invariant(
                $"{sockets[0].Open} open WebSockets <= {ServiceCommand.Mb(targets.SocketsRss):0} MB RSS: peak {ServiceCommand.Mb((long)peak):0} MB -> {Format.Verdict(peak <= targets.SocketsRss)}"));
        }

        if (startUps.Count > 0)
        {
            var first = Format.Median(startUps.Select(u => u.FirstAnswerMs).ToList());
            Console.WriteLine(Format.Invariant($"start-up to first answer <= {targets.StartUpMs} ms: {first:0} ms -> {Format.Verdict(first <= targets.StartUpMs)}"));
        }
    }

    private static void Row(string name, List<LoadResult> runs, List<double>? echo)
    {
        var share = echo is { Count: > 0 } && echo.Count == runs.Count
            ? Span(runs.Select((r, i) => r.PerSecond / echo[i]).ToList(), "0.00")
            : "";
        Console.WriteLine(Format.Invariant(
            $"| {name} | {Span(runs.Select(r => r.PerSecond).ToList(), "#,0")} | {share} | {Span(runs.Select(r => r.P50).ToList(), "0.0")} | {Span(runs.Select(r => r.P95).ToList(), "0.0")} | {Span(runs.Select(r => r.P99).ToList(), "0.0")} | {runs.Sum(r => r.Errors)} |"));
    }

    /// <summary>"median (lowest–highest)", or just the value for one run.</summary>
    private static string Span(List<double> values, string format)
    {
        if (values.Count == 0)
        {
            return "n/a";
        }

        var median = Format.Median(values).ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return values.Count == 1
            ? median
            : $"{median} ({values.Min().ToString(format, System.Globalization.CultureInfo.InvariantCulture)}–{values.Max().ToString(format, System.Globalization.CultureInfo.InvariantCulture)})";
    }
}
