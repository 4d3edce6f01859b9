using System.Diagnostics;

namespace Assistant.Bench.Service;

/// <summary>
/// The service benchmark: the published servers as separate processes, driven over HTTP and WebSocket from this
/// process. Every run measures the calibration references and then the assistant, so the ratios come from the same
/// run; the summary gives each figure's median over the runs and checks the targets.
/// </summary>
internal static class ServiceCommand
{
    // The targets of the speed issue: shares of the echo ceiling, ratios to the JS SDK peer, memory and start-up.
    private const double KnowledgeShareTarget = 0.25;
    private const double KnowledgeP99TargetMs = 20;
    private const double SurveyShareTarget = 0.20;
    private const double PeerRatioSqliteTarget = 2.5;
    private const double PeerRatioMemoryTarget = 3;
    private const long SocketsRssTarget = 700L << 20;
    private const double StartUpTargetMs = 1000;

    public static async Task<int> RunAsync(ServerLauncher launcher, ServiceSettings settings, IReadOnlyList<string> questions)
    {
        var total = Stopwatch.StartNew();
        Console.WriteLine(Format.Invariant(
            $"== service: {settings.Runs} run(s); {settings.Workers} conversations per load; {settings.WarmUp.TotalSeconds:0.#} s warm-up + {settings.Measured.TotalSeconds:0.#} s measured"));
        Console.WriteLine($"server: {launcher.ServerFolder}");
        Console.WriteLine(Machine.Describe());
        var scenarios = new Scenarios(launcher, settings);
        var calibrations = new List<CalibrationRun>();
        var knowledge = new List<KnowledgeRun>();
        var surveys = new List<SurveyRun>();
        var sockets = new List<SocketsRun>();
        var startUps = new List<StartUpRun>();
        var apiMessages = new List<List<ApiMessagesRun>>();
        var failed = false;
        var peerInstalled = File.Exists(Path.Combine(launcher.PeerFolder, "node_modules", "botbuilder", "package.json"));
        if (settings.Scenarios.Contains("peer") && !peerInstalled)
        {
            Console.WriteLine($"JS SDK peer: skipped (not installed; run `npm ci` in {launcher.PeerFolder})");
        }

        BenchPostgres? postgres = null;
        if (settings.Scenarios.Contains("survey") && settings.Postgres)
        {
            var (cluster, unavailable) = await BenchPostgres.StartAsync();
            postgres = cluster;
            Console.WriteLine(unavailable is null ? $"PostgreSQL: throwaway cluster on port {cluster!.Port}" : $"PostgreSQL: skipped ({unavailable})");
        }

        try
        {
            for (var run = 1; run <= settings.Runs; run++)
            {
                Console.WriteLine($"\n-- run {run}/{settings.Runs}");
                var load = OtherLoad.Start();
                if (settings.Scenarios.Contains("calibration"))
                {
                    var c = await scenarios.CalibrationAsync();
                    calibrations.Add(c);
                    Console.WriteLine(Format.Invariant($"no-op HTTP          {Line(c.Noop)}"));
                    Console.WriteLine(Format.Invariant($"echo Direct Line    {Line(c.Echo)}  server CPU {c.EchoCpuMsPerTurn:0.000} ms/turn"));
                }

                var echo = calibrations.Count == run ? calibrations[^1].Echo.PerSecond : double.NaN;
                if (settings.Scenarios.Contains("knowledge"))
                {
                    var k = await scenarios.KnowledgeAsync(questions);
                    knowledge.Add(k);
                    Console.WriteLine(Format.Invariant($"knowledge turns     {Line(k.Max)}  {k.Max.PerSecond / echo:0.00} of echo  server CPU {k.CpuMsPerTurn:0.000} ms/turn"));
                    Console.WriteLine(Format.Invariant($"  at half rate      {Line(k.AtHalfRate)}  (target rate {k.HalfRate:0}/s)"));
                }

                if (settings.Scenarios.Contains("survey"))
                {
                    var setups = new List<StorageSetup> { StorageSetup.Sqlite("FULL") };
                    if (settings.CompareGroupCommit)
                    {
                        setups.Add(StorageSetup.Sqlite("FULL", groupCommit: false));
                    }

                    setups.Add(StorageSetup.Sqlite("NORMAL"));
                    if (postgres is not null)
                    {
                        var database = $"bench_{run}";
                        await postgres.CreateDatabaseAsync(database);
                        setups.Add(StorageSetup.Postgres(postgres.ConnectionString(database)));
                    }

                    foreach (var setup in setups)
                    {
                        var s = await scenarios.SurveyAsync(setup);
                        surveys.Add(s);
                        Console.WriteLine(Format.Invariant(
                            $"survey turns        {Line(s.Turns)}  {s.Turns.PerSecond / echo:0.00} of echo  server CPU {s.CpuMsPerTurn:0.000} ms/turn  [{s.Storage}] answers acknowledged {s.Acknowledged}, stored {s.Stored}"));
                        if (s.WrongReplies > 0)
                        {
                            Console.WriteLine($"  {s.WrongReplies} conversation(s) out of step; first: {s.FirstWrongReply}");
                        }

                        failed |= s.Acknowledged != s.Stored || s.WrongReplies > 0;
                    }
                }

                if (settings.Scenarios.Contains("peer") && peerInstalled)
                {
                    var runs = await scenarios.ApiMessagesSurveysAsync([StorageSetup.Sqlite("FULL"), StorageSetup.Memory()]);
                    apiMessages.Add(runs);
                    var peer = runs[0].Turns.PerSecond;
                    foreach (var a in runs)
                    {
                        var stored = a.Stored is { } n ? Format.Invariant($", stored {n}") : "";
                        Console.WriteLine(Format.Invariant(
                            $"/api/messages survey {Line(a.Turns)}  {a.Turns.PerSecond / peer:0.00} of the peer  server CPU {a.CpuMsPerTurn:0.000} ms/turn  [{a.Server}] answers acknowledged {a.Acknowledged}{stored}"));
                        if (a.WrongReplies > 0)
                        {
                            Console.WriteLine($"  {a.WrongReplies} conversation(s) out of step; first: {a.FirstWrongReply}");
                        }

                        failed |= (a.Stored is { } count && count != a.Acknowledged) || a.WrongReplies > 0;
                    }
                }

                if (settings.Scenarios.Contains("startup"))
                {
                    var u = await scenarios.StartUpAsync();
                    startUps.Add(u);
                    Console.WriteLine(Format.Invariant(
                        $"start-up            first answered turn {u.FirstAnswerMs:0} ms after process start (knowledge read {u.ReadMs:0} ms, indexed {u.IndexMs:0} ms)"));
                }

                if (settings.Scenarios.Contains("sockets"))
                {
                    var o = await scenarios.OpenConversationsAsync(questions);
                    sockets.Add(o);
                    Console.WriteLine(Format.Invariant(
                        $"open conversations  {o.Open} WebSockets connected in {o.ConnectSeconds:0.0} s; RSS {Mb(o.ResidentAfterConnect):0} MB after connecting, peak {Mb(o.PeakResident):0} MB; GC heap {(o.GcHeapMb is { } heap ? Format.Invariant($"{heap:0} MB") : "n/a (dotnet-counters not installed or hold < 10 s)")}; messages {Line(o.Messages)}"));
                }

                Console.WriteLine($"while measuring: {load.Describe()} (the servers under test are among them)");
            }
        }
        finally
        {
            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }

        Summary.Print(calibrations, knowledge, surveys, sockets, startUps);
        Summary.PrintApiMessages(apiMessages);
        // Targets are reported, not enforced: a short smoke run cannot meet them. A wrong count or error fails the run.
        Summary.Targets(calibrations, knowledge, surveys, sockets, startUps, apiMessages,
            new(KnowledgeShareTarget, KnowledgeP99TargetMs, SurveyShareTarget, PeerRatioSqliteTarget, PeerRatioMemoryTarget,
                SocketsRssTarget, StartUpTargetMs));
        var errors = calibrations.Sum(c => c.Noop.Errors + c.Echo.Errors) + knowledge.Sum(k => k.Max.Errors + k.AtHalfRate.Errors)
            + surveys.Sum(s => s.Turns.Errors) + sockets.Sum(o => o.Messages.Errors) + apiMessages.Sum(r => r.Sum(a => a.Turns.Errors));
        if (errors > 0 || failed)
        {
            Console.WriteLine($"FAILED: {errors} turn errors, stored answers {(failed ? "differ from the acknowledged ones" : "match")}");
            failed = true;
        }

        Console.WriteLine(Format.Invariant($"\nservice benchmark took {total.Elapsed.TotalSeconds:0} s"));
        return failed ? 1 : 0;
    }

    public static string Line(LoadResult r) => Format.Invariant(
        $"{r.PerSecond,8:0}/s  p50 {r.P50,6:0.0} ms  p95 {r.P95,6:0.0} ms  p99 {r.P99,6:0.0} ms  errors {r.Errors}{(r.FirstError is null ? "" : " (" + r.FirstError + ")")}");

    public static double Mb(long bytes) => bytes / 1024.0 / 1024.0;
}
