using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Assistant.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// Crash safety under load: a server process answers several Direct Line participants going through a survey, is killed
/// with SIGKILL at a random moment, and is started again on the same data, over and over. The participants behave like
/// Web Chat: they retry a post with the same client activity id until it is accepted and wait for the reply. An answer is
/// acknowledged when the participant saw the next question; at the end every acknowledged answer must be in
/// <c>survey_answers</c> exactly once, with the value given, and the database must pass its integrity check.
/// Trials: <c>CRASH_TRIALS_SQLITE</c> (default 50) and <c>CRASH_TRIALS_POSTGRES</c> (default 20); a database serves
/// <c>CRASH_TRIALS_PER_DATABASE</c> trials (default 10); <c>CRASH_SEED</c> repeats a run's kill moments.
/// </summary>
public abstract class CrashHarness
{
    public const string SurveyId = "e-government-participation";

    /// <summary>One survey path, each step's expected reply, and the question a step's reply acknowledges.</summary>
    private static readonly (string Text, string Expect, string? Answers)[] Script =
    [
        ("/survey " + SurveyId, "Съгласни ли сте", null),
        ("Съгласен/на съм", "Въпрос 1 от", null),
        ("Поне веднъж месечно", "Въпрос 2 от", "e-services-use"),
        ("4", "Въпрос 3 от", "satisfaction"),
        ("Бавна обработка и отговор", "Избрано:", null),
        ("Готово", "Въпрос 4 от", "obstacles"),
        ("10", "Въпрос 5 от", "recommend"),
        ("1", "Избрано:", null),
        ("Готово", "Въпрос 6 от", "priorities"),
        ("1", "Избрано:", null),
        ("Готово", "Въпрос 7 от", "participation-channels"),
        ("Да", "Въпрос 8 от", "workshop-interest"),
        ("Средец", "Въпрос 9 от", "district"),
        ("2", "Въпрос 10 от", "age-band"),
        ("Повече услуги онлайн, моля", "Благодарим Ви", "idea"),
    ];

    private const int Participants = 4;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new empty database: what the server needs to use it, and how the harness reads it.</summary>
    protected abstract Task<TrialDatabase> NewDatabaseAsync();

    protected static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;

    protected async Task RunAsync(int trials)
    {
        var perDatabase = Setting("CRASH_TRIALS_PER_DATABASE", 10);
        var seed = Setting("CRASH_SEED", Environment.TickCount & int.MaxValue);
        var random = new Random(seed);
        var totals = new Totals();
        var watch = Stopwatch.StartNew();
        for (var done = 0; done < trials; done += perDatabase)
        {
            await RunBlockAsync(Math.Min(perDatabase, trials - done), random, totals);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{GetType().Name}: {trials} kills (seed {seed}) in {watch.Elapsed.TotalSeconds:F0} s: {totals.Conversations} conversations, " +
            $"{totals.Answers} acknowledged answers checked, {totals.Interrupted} steps interrupted by a kill, {totals.Orphans} empty responses " +
            $"left by a re-run consent turn; lost 0, doubled 0; {totals.Starts} server starts, mean {totals.StartMs / Math.Max(1, totals.Starts):F0} ms" +
            (totals.SlowStarts > 0 ? $", {totals.SlowStarts} retried after 30 s without health." : "."));
    }

    private async Task RunBlockAsync(int trials, Random random, Totals totals)
    {
        var database = await NewDatabaseAsync();
        var port = AssistantServer.FreePort();
        var finishing = new CancellationTokenSource();
        var participants = Enumerable.Range(0, Participants).Select(_ => new Participant(port)).ToList();
        Task[] running = [];
        for (var trial = 0; trial < trials; trial++)
        {
            await using var server = await StartAsync(database, port, totals);
            if (trial == 0)
            {
                running = participants.Select(p => Task.Run(() => p.RunAsync(finishing.Token, Ct), Ct)).ToArray();
            }

            await Task.Delay(random.Next(100, 900), Ct);
            server.Kill();
            foreach (var failure in participants.SelectMany(p => p.Failures))
            {
                Assert.Fail(failure);
            }
        }

        await using (await StartAsync(database, port, totals))
        {
            await finishing.CancelAsync();
            var all = Task.WhenAll(running);
            await all.WaitAsync(TimeSpan.FromSeconds(120), Ct);
        }

        Assert.All(participants, p => Assert.Empty(p.Failures));
        await VerifyAsync(database, participants, totals);
        finishing.Dispose();
        foreach (var participant in participants)
        {
            participant.Dispose();
        }
    }

    private static async Task<ServerProcess> StartAsync(TrialDatabase database, int port, Totals totals)
    {
        var watch = Stopwatch.StartNew();
        ServerProcess server;
        try
        {
            server = await ServerProcess.StartAsync(database.SqlitePath, port, Ct, database.Settings);
        }
        catch (TimeoutException)
        {
            // Alive but not healthy in 30 s: a starved machine, not a storage fault (a process that cannot start on the data
            // exits, which fails the trial). One more try, counted.
            totals.SlowStarts++;
            server = await ServerProcess.StartAsync(database.SqlitePath, port, Ct, database.Settings);
        }

        totals.StartMs += watch.Elapsed.TotalMilliseconds;
        totals.Starts++;
        return server;
    }

    private static async Task VerifyAsync(TrialDatabase database, List<Participant> participants, Totals totals)
    {
        Assert.Equal("", await database.IntegrityProblemsAsync());

        var users = (await database.QueryAsync("SELECT id, user_id FROM dl_conversations")).ToDictionary(r => r[0], r => r[1]);
        var answers = await database.QueryAsync($"""
            SELECT r.participant_key, a.question_id, CAST(a.value_json AS TEXT), CAST(r.id AS TEXT) FROM survey_answers a
            JOIN survey_responses r ON r.id = a.response_id WHERE r.survey_id = '{SurveyId}'
            """);
        var responses = await database.QueryAsync($"SELECT CAST(id AS TEXT), participant_key, status FROM survey_responses WHERE survey_id = '{SurveyId}'");
        var keys = new ParticipantKeys(ParticipantKeys.PlaceholderSecret);
        var canonical = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var completed = participants.SelectMany(p => p.Completed).ToList();
        Assert.NotEmpty(completed);
        foreach (var conversation in completed)
        {
            var key = keys.For("directline", users[conversation.ConversationId]);
            var theirs = answers.Where(a => a[0] == key).ToList();
            // Exactly once: one row per acknowledged question across all of the participant's responses, nothing else.
            Assert.Equal(conversation.Acknowledged.Order(StringComparer.Ordinal), theirs.Select(a => a[1]).Order(StringComparer.Ordinal));
            Assert.Single(theirs.Select(a => a[3]).Distinct());
            foreach (var answer in theirs)
            {
                var value = JsonNode.Parse(answer[2]);
                if (!canonical.TryAdd(answer[1], value))
                {
                    Assert.True(JsonNode.DeepEquals(canonical[answer[1]], value),
                        $"{answer[1]}: {answer[2]} differs from {canonical[answer[1]]?.ToJsonString()}");
                }
            }

            Assert.Contains(responses, r => r[1] == key && r[2] == "completed");
            totals.Answers += theirs.Count;
        }

        // Every row belongs to a conversation that finished (none is left half-done or unexplained).
        var finishedKeys = completed.Select(c => keys.For("directline", users[c.ConversationId])).ToHashSet(StringComparer.Ordinal);
        Assert.All(answers, a => Assert.Contains(a[0], finishedKeys));
        totals.Orphans += responses.Count(r => !answers.Any(a => a[3] == r[0]));
        totals.Conversations += completed.Count;
        totals.Interrupted += participants.Sum(p => p.Interrupted);

        // The logs: numbered without gaps, and no acknowledged post was left without its turn.
        Assert.All(await database.QueryAsync("SELECT conversation_id, COUNT(*), MAX(seq) FROM dl_activities GROUP BY conversation_id"),
            r => Assert.Equal(r[1], r[2]));
        Assert.Equal([["0"]], await database.QueryAsync("SELECT COUNT(*) FROM dl_activities WHERE inbound AND NOT handled"));
    }

    private sealed class Totals
    {
        public int Conversations;
        public int Answers;
        public int Interrupted;
        public int Orphans;
        public int Starts;
        public int SlowStarts;
        public double StartMs;
    }

    private sealed record FinishedConversation(string ConversationId, List<string> Acknowledged);

    /// <summary>One Web Chat user after another, each going through the survey, riding out every kill.</summary>
    private sealed class Participant(int port) : IDisposable
    {
        private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };

        public ConcurrentQueue<FinishedConversation> Completed { get; } = new();

        public ConcurrentQueue<string> Failures { get; } = new();

        public int Interrupted { get; private set; }

        public async Task RunAsync(CancellationToken finishing, CancellationToken cancellationToken)
        {
            try
            {
                while (!finishing.IsCancellationRequested)
                {
                    var (conversationId, token) = await StartConversationAsync(cancellationToken);
                    var acknowledged = new List<string>();
                    var watermark = "";
                    foreach (var (text, expect, answers) in Script)
                    {
                        watermark = await StepAsync(conversationId, token, text, expect, watermark, cancellationToken);
                        if (answers is not null)
                        {
                            acknowledged.Add(answers);
                        }
                    }

                    Completed.Enqueue(new FinishedConversation(conversationId, acknowledged));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Failures.Enqueue(e.Message);
            }
        }

        public void Dispose() => _http.Dispose();

        private async Task<(string ConversationId, string Token)> StartConversationAsync(CancellationToken cancellationToken)
        {
            var body = await RetryAsync(async () =>
            {
                var response = await _http.PostAsync("/api/chat/token", JsonContent.Create(new { locale = "bg-BG" }), cancellationToken);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) : null;
            }, cancellationToken);
            var token = (string)body["token"]!;
            // Retried with the same token: the conversation is created once, whoever's start got through.
            await RetryAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var response = await _http.SendAsync(request, cancellationToken);
                return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) : null;
            }, cancellationToken);
            return ((string)body["conversationId"]!, token);
        }

        /// <summary>Posts (retrying with one client id) until accepted, then polls until the reply; returns the new watermark.</summary>
        private async Task<string> StepAsync(string conversationId, string token, string text, string expect, string watermark,
            CancellationToken cancellationToken)
        {
            var clientId = Guid.NewGuid().ToString("N");
            var failures = 0;
            var posted = await RetryAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{conversationId}/activities")
                {
                    Content = JsonContent.Create(new
                    {
                        type = "message",
                        text,
                        locale = "bg-BG",
                        from = new { id = "whoever", role = "user" },
                        channelData = new { clientActivityID = clientId },
                    }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var response = await _http.SendAsync(request, cancellationToken);
                return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) : null;
            }, cancellationToken, () => failures++);
            var id = (string)posted["id"]!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                var set = await RetryAsync(async () =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get,
                        $"/v3/directline/conversations/{conversationId}/activities?watermark={Uri.EscapeDataString(watermark)}");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                    var response = await _http.SendAsync(request, cancellationToken);
                    return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) : null;
                }, cancellationToken, () => failures++);
                watermark = (string?)set["watermark"] ?? watermark;
                var replies = set["activities"]!.AsArray().Where(a => (string?)a!["replyToId"] == id).ToList();
                if (replies.Count > 0)
                {
                    if (failures > 0)
                    {
                        Interrupted++;
                    }

                    // A turn's replies are stored together: the expected one is among them or the script went astray.
                    return replies.Any(r => ((string?)r!["text"] ?? "").Contains(expect, StringComparison.Ordinal))
                        ? watermark
                        : throw new InvalidOperationException(
                            $"'{text}' in {conversationId} was answered without '{expect}': " +
                            string.Join(" / ", replies.Select(r => (string?)r!["text"])));
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"'{text}' in {conversationId} got no reply in 60 s.");
                }

                await Task.Delay(20, cancellationToken);
            }
        }

        /// <summary>Repeats a request through connection failures and server errors (the server is down or restarting).</summary>
        private static async Task<JsonObject> RetryAsync(Func<Task<JsonObject?>> send, CancellationToken cancellationToken, Action? failed = null)
        {
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (true)
            {
                try
                {
                    if (await send() is { } result)
                    {
                        return result;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                failed?.Invoke();
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("The server did not come back in 90 s.");
                }

                await Task.Delay(50, cancellationToken);
            }
        }
    }
}

/// <summary>Where a block of trials keeps its data, and how the harness reads it afterwards.</summary>
public abstract class TrialDatabase
{
    /// <summary>The SQLite file (also passed, unused, for PostgreSQL).</summary>
    public abstract string SqlitePath { get; }

    public abstract IReadOnlyDictionary<string, string> Settings { get; }

    public abstract Task<List<string[]>> QueryAsync(string sql);

    /// <summary>Empty when the database is sound; otherwise what is wrong.</summary>
    public abstract Task<string> IntegrityProblemsAsync();

    protected static async Task<List<string[]>> ReadAllAsync(System.Data.Common.DbDataReader reader)
    {
        var rows = new List<string[]>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount)
                .Select(i => reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!).ToArray());
        }

        return rows;
    }
}

public sealed class SqliteCrashHarnessTests : CrashHarness
{
    [Fact]
    public Task Killed_at_random_moments_under_survey_load_the_sqlite_server_loses_and_doubles_no_acknowledged_answer() =>
        RunAsync(Setting("CRASH_TRIALS_SQLITE", 50));

    protected override Task<TrialDatabase> NewDatabaseAsync() => Task.FromResult<TrialDatabase>(new SqliteTrialDatabase());

    private sealed class SqliteTrialDatabase : TrialDatabase
    {
        public override string SqlitePath { get; } = AssistantServer.NewDatabasePath();

        public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

        public override async Task<List<string[]>> QueryAsync(string sql)
        {
            await using var connection = new SqliteConnection($"Data Source={SqlitePath};Pooling=False");
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync(Ct);
            return await ReadAllAsync(reader);
        }

        public override async Task<string> IntegrityProblemsAsync()
        {
            var integrity = await QueryAsync("PRAGMA integrity_check");
            var foreignKeys = await QueryAsync("PRAGMA foreign_key_check");
            var problems = integrity.Select(r => r[0]).Where(r => r != "ok").Concat(foreignKeys.Select(r => "foreign key: " + string.Join(',', r)));
            return string.Join("; ", problems);
        }
    }
}

public sealed class PostgresCrashHarnessTests(PostgresCluster cluster) : CrashHarness
{
    [Fact]
    public Task Killed_at_random_moments_under_survey_load_the_postgres_server_loses_and_doubles_no_acknowledged_answer() =>
        RunAsync(Setting("CRASH_TRIALS_POSTGRES", 20));

    protected override async Task<TrialDatabase> NewDatabaseAsync() =>
        new PostgresTrialDatabase(await cluster.CreateDatabaseAsync("crash"));

    private sealed class PostgresTrialDatabase(string connectionString) : TrialDatabase
    {
        public override string SqlitePath { get; } = AssistantServer.NewDatabasePath();

        public override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "postgres",
            ["ConnectionStrings__Postgres"] = connectionString,
        };

        public override async Task<List<string[]>> QueryAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            return await ReadAllAsync(reader);
        }

        /// <summary>The unique keys hold (no duplicate rows), references resolve, and the B-tree indexes check out (amcheck).</summary>
        public override async Task<string> IntegrityProblemsAsync()
        {
            var problems = new List<string>();
            foreach (var (name, sql) in new[]
            {
                ("duplicate answers", "SELECT COUNT(*) FROM (SELECT response_id, question_id FROM survey_answers GROUP BY 1, 2 HAVING COUNT(*) > 1) d"),
                ("duplicate activity numbers", "SELECT COUNT(*) FROM (SELECT conversation_id, seq FROM dl_activities GROUP BY 1, 2 HAVING COUNT(*) > 1) d"),
                ("duplicate client ids", "SELECT COUNT(*) FROM (SELECT conversation_id, client_activity_id FROM dl_activities WHERE client_activity_id IS NOT NULL GROUP BY 1, 2 HAVING COUNT(*) > 1) d"),
                ("answers without a response", "SELECT COUNT(*) FROM survey_answers a WHERE NOT EXISTS (SELECT 1 FROM survey_responses r WHERE r.id = a.response_id)"),
                ("log counters behind their logs", "SELECT COUNT(*) FROM dl_conversations c WHERE c.last_seq <> COALESCE((SELECT MAX(seq) FROM dl_activities a WHERE a.conversation_id = c.id), 0)"),
            })
            {
                var count = (await QueryAsync(sql))[0][0];
                if (count != "0")
                {
                    problems.Add($"{name}: {count}");
                }
            }

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(Ct);
            await using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS amcheck", connection))
            {
                await extension.ExecuteNonQueryAsync(Ct);
            }

            await using var check = new NpgsqlCommand("""
                SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_am am ON am.oid = c.relam WHERE am.amname = 'btree' AND c.relnamespace = 'public'::regnamespace
                """, connection);
            try
            {
                await check.ExecuteNonQueryAsync(Ct);
            }
            catch (PostgresException e)
            {
                problems.Add("amcheck: " + e.MessageText);
            }

            return string.Join("; ", problems);
        }
    }
}
