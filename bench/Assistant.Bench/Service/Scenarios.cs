using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assistant.Bench.Service;

internal sealed record CalibrationRun(LoadResult Noop, LoadResult Echo, double EchoCpuMsPerTurn);

internal sealed record KnowledgeRun(LoadResult Max, double HalfRate, LoadResult AtHalfRate, double CpuMsPerTurn);

internal sealed record SurveyRun(string Storage, LoadResult Turns, long Acknowledged, long Stored, long WrongReplies, string? FirstWrongReply,
    double CpuMsPerTurn);

internal sealed record SocketsRun(int Open, double ConnectSeconds, LoadResult Messages, long ResidentAfterConnect, long PeakResident,
    double? GcHeapMb, double? WorkingSetMb);

/// <summary>Survey turns over <c>/api/messages</c> with expectReplies; Stored is null where the storage cannot be counted afterwards.</summary>
internal sealed record ApiMessagesRun(string Server, LoadResult Turns, long Acknowledged, long? Stored, long WrongReplies, string? FirstWrongReply,
    double CpuMsPerTurn);

internal sealed record StartUpRun(double FirstAnswerMs, double? IndexMs, double? ReadMs);

/// <summary>The scenarios of the service benchmark; each starts its own server process on fresh storage.</summary>
internal sealed partial class Scenarios(ServerLauncher launcher, ServiceSettings settings)
{
    private static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);

    public async Task<CalibrationRun> CalibrationAsync()
    {
        using var folder = new TempFolder();
        await using var echo = launcher.StartEcho(folder.Path);
        using var http = ServerLauncher.NewHttpClient(echo.BaseAddress);
        await echo.WaitReadyAsync(http, "/noop", Ready);
        var noop = await LoadLoops.ClosedAsync(settings.Workers, settings.WarmUp, settings.Measured, async (_, ct) =>
        {
            using var response = await http.GetAsync("/noop", ct);
            return response.IsSuccessStatusCode;
        });
        var clients = await StartClientsAsync(http, "echo-secret", settings.Workers, _ => null, settings.Workers);
        try
        {
            var cpu = CpuDuringMeasurementAsync(echo);
            var turns = await LoadLoops.ClosedAsync(settings.Workers, settings.WarmUp, settings.Measured, async (w, ct) =>
                (await clients[w].SendAsync("hello", null, ct)).Text.Length > 0);
            return new CalibrationRun(noop, turns, await cpu * 1000 / turns.Completed);
        }
        finally
        {
            await DisposeAllAsync(clients);
        }
    }

    public async Task<KnowledgeRun> KnowledgeAsync(IReadOnlyList<string> questions)
    {
        using var folder = new TempFolder();
        await using var server = launcher.StartAssistant(StorageSetup.Sqlite("FULL"), folder.Path);
        using var http = ServerLauncher.NewHttpClient(server.BaseAddress);
        await server.WaitReadyAsync(http, "/health", Ready);
        var clients = await StartClientsAsync(http, launcher.Secret, settings.Workers, _ => null, settings.Workers);
        try
        {
            var asked = new int[settings.Workers];
            LoadLoops.Turn turn = async (w, ct) =>
            {
                var question = questions[(w * 7 + asked[w]++) % questions.Count];
                return (await clients[w].SendAsync(question, null, ct)).Text.Length > 0;
            };
            var cpu = CpuDuringMeasurementAsync(server);
            var max = await LoadLoops.ClosedAsync(settings.Workers, settings.WarmUp, settings.Measured, turn);
            var half = max.PerSecond / 2;
            var atHalf = await LoadLoops.FixedRateAsync(settings.Workers, half, settings.WarmUp, settings.Measured, turn);
            return new KnowledgeRun(max, half, atHalf, await cpu * 1000 / max.Completed);
        }
        finally
        {
            await DisposeAllAsync(clients);
        }
    }

    public async Task<SurveyRun> SurveyAsync(StorageSetup storage)
    {
        using var folder = new TempFolder();
        var server = launcher.StartAssistant(storage, folder.Path);
        long acknowledged = 0, wrong = 0;
        string? firstWrong = null;
        LoadResult result;
        double cpuSeconds;
        try
        {
            using var http = ServerLauncher.NewHttpClient(server.BaseAddress);
            await server.WaitReadyAsync(http, "/health", Ready);
            var clients = await StartClientsAsync(http, launcher.Secret, settings.Workers, w => w % 2 == 0 ? "en-US" : "bg-BG",
                settings.Workers);
            var step = new int[settings.Workers];
            var broken = new bool[settings.Workers];
            try
            {
                var cpu = CpuDuringMeasurementAsync(server);
                result = await LoadLoops.ClosedAsync(settings.Workers, settings.WarmUp, settings.Measured, async (w, ct) =>
                {
                    if (broken[w])
                    {
                        await Task.Delay(100, ct);
                        return false;
                    }

                    var script = w % 2 == 0 ? SurveyScript.English : SurveyScript.Bulgarian;
                    var current = script[step[w]];
                    var reply = await clients[w].SendAsync(current.Text, w % 2 == 0 ? "en-US" : "bg-BG", ct);
                    if (!reply.Text.Contains(current.Expect, StringComparison.Ordinal))
                    {
                        // Out of step with the survey: stop this conversation rather than count answers that were not given.
                        Interlocked.Increment(ref wrong);
                        Interlocked.CompareExchange(ref firstWrong, $"after \"{current.Text}\": {reply.Text.Trim()}", null);
                        broken[w] = true;
                        return false;
                    }

                    if (current.IsAnswer)
                    {
                        Interlocked.Increment(ref acknowledged);
                    }

                    step[w] = (step[w] + 1) % script.Count;
                    return true;
                });
                cpuSeconds = await cpu;
            }
            finally
            {
                await DisposeAllAsync(clients);
            }
        }
        finally
        {
            await server.DisposeAsync();
        }

        var stored = storage.Provider == "postgres"
            ? await CountPostgresAnswersAsync(storage.PostgresConnectionString!)
            : CountSqliteAnswers(Path.Combine(folder.Path, "assistant.db"));
        return new SurveyRun(storage.Name, result, acknowledged, stored, wrong, firstWrong, cpuSeconds * 1000 / result.Completed);
    }

    /// <summary>
    /// The side-by-side run: the same survey conversations over <c>/api/messages</c> (expectReplies, no Bot Framework
    /// authentication), against the JS SDK peer and against the assistant on the given storages, one after the other.
    /// </summary>
    public async Task<List<ApiMessagesRun>> ApiMessagesSurveysAsync(IReadOnlyList<StorageSetup> storages)
    {
        var runs = new List<ApiMessagesRun>();
        using (var folder = new TempFolder())
        {
            runs.Add(await ApiMessagesSurveyAsync(PeerName, launcher.StartPeer(folder.Path), "/health", _ => Task.FromResult<long?>(null)));
        }

        foreach (var storage in storages)
        {
            using var folder = new TempFolder();
            runs.Add(await ApiMessagesSurveyAsync($"assistant, {storage.Name}", launcher.StartAssistant(storage, folder.Path, botConnector: true),
                "/health", async _ => storage.Provider switch
                {
                    "sqlite" => CountSqliteAnswers(Path.Combine(folder.Path, "assistant.db")),
                    "postgres" => await CountPostgresAnswersAsync(storage.PostgresConnectionString!),
                    _ => null,
                }));
        }

        return runs;
    }

    public const string PeerName = "JS SDK peer (botbuilder, memory)";

    private async Task<ApiMessagesRun> ApiMessagesSurveyAsync(string name, ChildServer server, string readyPath, Func<string, Task<long?>> countStored)
    {
        long acknowledged = 0, wrong = 0;
        string? firstWrong = null;
        LoadResult result;
        double cpuSeconds;
        try
        {
            using var http = ServerLauncher.NewHttpClient(server.BaseAddress);
            await server.WaitReadyAsync(http, readyPath, Ready);
            var clients = Enumerable.Range(0, settings.Workers)
                .Select(w => new ApiMessagesBenchClient(http, $"bench-survey-{w}", $"bench-user-{w}")).ToArray();
            var step = new int[settings.Workers];
            var broken = new bool[settings.Workers];
            var cpu = CpuDuringMeasurementAsync(server);
            result = await LoadLoops.ClosedAsync(settings.Workers, settings.WarmUp, settings.Measured, async (w, ct) =>
            {
                if (broken[w])
                {
                    await Task.Delay(100, ct);
                    return false;
                }

                var script = w % 2 == 0 ? SurveyScript.English : SurveyScript.Bulgarian;
                var current = script[step[w]];
                var reply = await clients[w].SendAsync(current.Text, w % 2 == 0 ? "en-US" : "bg-BG", ct);
                if (!reply.Contains(current.Expect, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref wrong);
                    Interlocked.CompareExchange(ref firstWrong, $"after \"{current.Text}\": {reply.Trim()}", null);
                    broken[w] = true;
                    return false;
                }

                if (current.IsAnswer)
                {
                    Interlocked.Increment(ref acknowledged);
                }

                step[w] = (step[w] + 1) % script.Count;
                return true;
            });
            cpuSeconds = await cpu;
        }
        finally
        {
            await server.DisposeAsync();
        }

        return new ApiMessagesRun(name, result, acknowledged, await countStored(name), wrong, firstWrong, cpuSeconds * 1000 / result.Completed);
    }

    public async Task<SocketsRun> OpenConversationsAsync(IReadOnlyList<string> questions)
    {
        using var folder = new TempFolder();
        await using var server = launcher.StartAssistant(StorageSetup.Sqlite("FULL"), folder.Path);
        using var http = ServerLauncher.NewHttpClient(server.BaseAddress);
        await server.WaitReadyAsync(http, "/health", Ready);
        var connecting = Stopwatch.StartNew();
        var clients = await StartClientsAsync(http, launcher.Secret, settings.Sockets, _ => null, concurrency: 64);
        var connectSeconds = connecting.Elapsed.TotalSeconds;
        try
        {
            var residentAfterConnect = server.ResidentBytes();
            // Every conversation sends a message every 30 s; their first messages are spread evenly over the first 30 s.
            var counters = CountersAsync(server.ProcessId, settings.Hold - TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(6));
            var messages = await LoadLoops.FixedRateAsync(clients.Count, clients.Count / settings.MessageInterval.TotalSeconds,
                TimeSpan.Zero, settings.Hold, async (w, ct) =>
                    (await clients[w].SendAsync(questions[w % questions.Count], null, ct)).Text.Length > 0);
            var (gcHeap, workingSet) = await counters;
            return new SocketsRun(clients.Count, connectSeconds, messages, residentAfterConnect, server.PeakResidentBytes(), gcHeap, workingSet);
        }
        finally
        {
            await DisposeAllAsync(clients);
        }
    }

    public async Task<StartUpRun> StartUpAsync()
    {
        using var folder = new TempFolder();
        await using var server = launcher.StartAssistant(StorageSetup.Sqlite("FULL"), folder.Path);
        using var http = ServerLauncher.NewHttpClient(server.BaseAddress);
        http.Timeout = TimeSpan.FromSeconds(10);
        DirectLineBenchClient? client = null;
        while (client is null)
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException("the server exited:\n" + server.Output());
            }

            try
            {
                client = await DirectLineBenchClient.StartAsync(http, launcher.Secret, "dl_bench_startup", null, CancellationToken.None);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(5);
            }

            if (Stopwatch.GetElapsedTime(server.StartedAt) > Ready)
            {
                throw new TimeoutException("the server did not start:\n" + server.Output());
            }
        }

        await using (client)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var reply = await client.SendAsync("What is the Intelligent Cities Challenge?", null, timeout.Token);
            var elapsed = Format.Milliseconds(reply.ReceivedAt - server.StartedAt);
            var indexed = IndexedLine().Match(server.Output());
            return new StartUpRun(elapsed,
                indexed.Success ? double.Parse(indexed.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture) : null,
                indexed.Success ? double.Parse(indexed.Groups["read"].Value, System.Globalization.CultureInfo.InvariantCulture) : null);
        }
    }

    /// <summary>CPU seconds the server used during the measured window of a load that starts now.</summary>
    private async Task<double> CpuDuringMeasurementAsync(ChildServer server)
    {
        await Task.Delay(settings.WarmUp);
        var before = server.ProcessorTime();
        await Task.Delay(settings.Measured);
        return (server.ProcessorTime() - before).TotalSeconds;
    }

    private static async Task<List<DirectLineBenchClient>> StartClientsAsync(HttpClient http, string secret, int count,
        Func<int, string?> locale, int concurrency)
    {
        var clients = new DirectLineBenchClient[count];
        using var gate = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                clients[i] = await DirectLineBenchClient.StartAsync(http, secret, $"dl_bench_{i}", locale(i), timeout.Token);
            }
            finally
            {
                gate.Release();
            }
        }));
        return [.. clients];
    }

    private static async Task DisposeAllAsync(IReadOnlyList<DirectLineBenchClient> clients)
    {
        using var gate = new SemaphoreSlim(256);
        await Task.WhenAll(clients.Select(async c =>
        {
            await gate.WaitAsync();
            try
            {
                await c.DisposeAsync();
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    private static long CountSqliteAnswers(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM survey_answers";
        return (long)command.ExecuteScalar()!;
    }

    private static async Task<long> CountPostgresAnswersAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM survey_answers", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The server's GC heap size and working set (MB, highest sample) from dotnet-counters, when it is installed.</summary>
    private async Task<(double? GcHeapMb, double? WorkingSetMb)> CountersAsync(int processId, TimeSpan after, TimeSpan duration)
    {
        if (settings.DotnetCounters is not { } tool || after <= TimeSpan.Zero)
        {
            return (null, null);
        }

        await Task.Delay(after);
        var output = Path.Combine(Path.GetTempPath(), $"assistant-bench-counters-{Environment.ProcessId}.json");
        File.Delete(output);
        var info = new ProcessStartInfo(tool, ["collect", "-p", processId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--counters", "System.Runtime", "--format", "json", "-o", output, "--refresh-interval", "1",
            "--duration", $"00:00:00:{(int)duration.TotalSeconds:00}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return File.Exists(output) ? DotnetCountersFile.MaxOf(output) : (null, null);
    }

    [GeneratedRegex(@"Knowledge base read in (?<read>\d+) ms, indexed in (?<index>\d+) ms")]
    private static partial Regex IndexedLine();
}

/// <summary>A temporary working folder for one server process, deleted afterwards.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "assistant-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
