using Assistant.Web.Tests.Support;

namespace Assistant.Bench.Service;

/// <summary>
/// A throwaway PostgreSQL cluster from the binaries on the machine (<c>/usr/lib/postgresql/*/bin</c> or POSTGRES_BIN),
/// with PostgreSQL's durable defaults (fsync and synchronous_commit on). As root it runs as the postgres user.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly PostgresTools _tools;
    private readonly string _data;

    private BenchPostgres(PostgresTools tools, string data, int port)
    {
        _tools = tools;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Maximum Pool Size=200;Timeout=30";

    /// <summary>Null (with the reason) when no PostgreSQL binaries are installed.</summary>
    public static async Task<(BenchPostgres? Cluster, string? Unavailable)> StartAsync()
    {
        if (PostgresTools.Find() is not { } tools)
        {
            return (null, "no initdb/pg_ctl under /usr/lib/postgresql/*/bin (or POSTGRES_BIN)");
        }

        var data = Path.Combine("/tmp", $"assistant-bench-pg-{Environment.ProcessId}");
        var port = ServerLauncher.FreePort();
        var cluster = new BenchPostgres(tools, data, port);
        if (tools.AsPostgresUser)
        {
            await PostgresTools.RunProcessAsync("install", ["-d", "-o", "postgres", "-g", "postgres", "-m", "700", data]);
        }
        else
        {
            Directory.CreateDirectory(data);
        }

        await tools.RunAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await tools.RunAsync("pg_ctl", ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c max_connections=300 -c shared_buffers=128MB", "start"]);
        return (cluster, null);
    }

    public Task CreateDatabaseAsync(string name) =>
        _tools.RunAsync("psql", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-c", $"CREATE DATABASE \"{name}\""]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _tools.RunAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);
        }
        catch (InvalidOperationException)
        {
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
