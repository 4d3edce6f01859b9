using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Assistant.Web.Tests.RealClients;
using Assistant.Web.Tests.Telegram;
using Assistant.Web.Storage.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Assistant.Web.Tests.Hosting;

/// <summary>
/// Readiness tells the truth: it fails while storage cannot take a write (the SQLite file made read-only under the
/// running server), says Degraded while Telegram polling fails, and recovers by itself; liveness never runs a check.
/// </summary>
public sealed class ReadinessTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readiness_fails_while_the_database_file_is_read_only_and_recovers_afterwards()
    {
        RequiredTool.Require(await ImmutableFilesStopSqliteWritesAsync(),
            "'chattr +i' does not stop SQLite writes here (needs chattr, root or CAP_LINUX_IMMUTABLE, and an ext4/xfs/btrfs file system)");
        await using var server = AssistantServer.Start();
        using var http = server.NewClient();
        Assert.Equal("Healthy", (await ReadyAsync(http)).Status);

        // Read-only for everyone, root included: the database and its write-ahead log, where SQLite writes first.
        string[] files = [server.DatabasePath, server.DatabasePath + "-wal"];
        (string Status, HttpStatusCode Code, JsonObject Body) unready;
        try
        {
            await ChattrAsync("+i", files);
            unready = await WaitForAsync(http, r => r.Code == HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await ChattrAsync("-i", files);
        }

        Assert.Equal("Unhealthy", unready.Status);
        Assert.Equal("Unhealthy", (string?)unready.Body["checks"]!["storage"]!["status"]);
        using (var live = await http.GetAsync("/health/live", Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var again = await WaitForAsync(http, r => r.Code == HttpStatusCode.OK);
        Assert.Equal("Healthy", again.Status);
        using var plain = await http.GetAsync("/health", Ct);
        Assert.Equal("Healthy", await plain.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Telegram_polling_that_keeps_failing_is_reported_degraded_and_healthy_again_when_it_recovers()
    {
        await using var telegram = TelegramTestServer.Start(arrange: api =>
        {
            for (var call = 2; call <= 5; call++)
            {
                api.FailCall("getUpdates", call, 502, "Bad Gateway");
            }
        });
        using var http = telegram.Server.NewClient();

        var degraded = await WaitForAsync(http, r => r.Status == "Degraded");
        Assert.Equal(HttpStatusCode.OK, degraded.Code);
        Assert.Equal("Degraded", (string?)degraded.Body["checks"]!["telegram-polling"]!["status"]);
        Assert.Equal("Healthy", (string?)degraded.Body["checks"]!["storage"]!["status"]);

        var recovered = await WaitForAsync(http, r => r.Status == "Healthy", seconds: 40);
        Assert.Equal("Healthy", (string?)recovered.Body["checks"]!["telegram-polling"]!["status"]);
    }

    [Fact]
    public async Task On_PostgreSQL_a_relay_that_cannot_listen_is_reported_degraded_until_it_listens_again()
    {
        var connectionString = await cluster.CreateDatabaseAsync("readiness_relay");
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var server = AssistantServer.Start(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["ConnectionStrings:Postgres"] = connectionString,
        });
        using var http = server.NewClient();
        var relay = server.Services.GetRequiredService<PostgresActivityRelay>();
        var healthy = await WaitForAsync(http, r => r.Status == "Healthy");
        Assert.Equal("Healthy", (string?)healthy.Body["checks"]!["postgres-relay"]!["status"]);

        // New connections to the database refused, then the relay's session ended: it cannot listen again.
        (string Status, HttpStatusCode Code, JsonObject Body) degraded;
        try
        {
            await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS false");
            await AdminAsync($"SELECT pg_terminate_backend({relay.BackendProcessId})");
            degraded = await WaitForAsync(http, r => (string?)r.Body["checks"]!["postgres-relay"]!["status"] == "Degraded");
        }
        finally
        {
            await AdminAsync($"ALTER DATABASE \"{database}\" ALLOW_CONNECTIONS true");
        }

        Assert.Contains("not listening", (string?)degraded.Body["checks"]!["postgres-relay"]!["description"], StringComparison.Ordinal);
        var again = await WaitForAsync(http, r => r.Status == "Healthy", seconds: 40);
        Assert.Equal("Healthy", (string?)again.Body["checks"]!["postgres-relay"]!["status"]);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(cluster.AdminConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<(string Status, HttpStatusCode Code, JsonObject Body)> ReadyAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/health/ready", Ct);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        return ((string)body["status"]!, response.StatusCode, body);
    }

    private static async Task<(string Status, HttpStatusCode Code, JsonObject Body)> WaitForAsync(HttpClient http,
        Func<(string Status, HttpStatusCode Code, JsonObject Body), bool> condition, int seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var ready = await ReadyAsync(http);
            if (condition(ready))
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"after {clock.ElapsedMilliseconds} ms: {ready.Body.ToJsonString()}");
                return ready;
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(seconds), $"readiness still {ready.Body.ToJsonString()} after {seconds} s");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>Checks the method first: an immutable file must really stop a write on an open SQLite connection.</summary>
    private static async Task<bool> ImmutableFilesStopSqliteWritesAsync()
    {
        if (!File.Exists("/usr/bin/chattr") && !File.Exists("/bin/chattr"))
        {
            return false;
        }

        var path = Path.Combine(Directory.CreateTempSubdirectory("assistant-chattr-").FullName, "probe.db");
        string[] files = [path, path + "-wal"];
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync(Ct);
        await using (var setup = connection.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t VALUES (1);";
            await setup.ExecuteNonQueryAsync(Ct);
        }

        try
        {
            if (!await ChattrAsync("+i", files))
            {
                return false;
            }

            await using var write = connection.CreateCommand();
            write.CommandText = "INSERT INTO t VALUES (2);";
            await write.ExecuteNonQueryAsync(Ct);
            return false;
        }
        catch (SqliteException)
        {
            return true;
        }
        finally
        {
            await ChattrAsync("-i", files);
        }
    }

    private static async Task<bool> ChattrAsync(string flag, string[] files)
    {
        var info = new ProcessStartInfo("chattr", [flag, .. files.Where(File.Exists)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync(Ct);
        return process.ExitCode == 0;
    }
}
