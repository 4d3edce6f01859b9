using System.Diagnostics;

namespace Assistant.Bench.Service;

/// <summary>
/// A throwaway PostgreSQL cluster from the binaries on the machine (<c>/usr/lib/postgresql/*/bin</c> or POSTGRES_BIN),
/// with PostgreSQL's durable defaults (fsync and synchronous_commit on). As root it runs as the postgres user.
/// </summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private readonly string _bin;
    private readonly string _data;
    private readonly bool _asPostgres;

    private BenchPostgres(string bin, string data, bool asPostgres, int port)
    {
        _bin = bin;
        _data = data;
        _asPostgres = asPostgres;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username=postgres;Maximum Pool Size=200;Timeout=30";

    /// <summary>Null (with the reason) when no PostgreSQL binaries are installed.</summary>
    public static async Task<(BenchPostgres? Cluster, string? Unavailable)> StartAsync()
    {
        var bin = FindBinaries();
        if (bin is null)
        {
            return (null, "no initdb/pg_ctl under /usr/lib/postgresql/*/bin (or POSTGRES_BIN)");
        }

        var asPostgres = Environment.UserName == "root";
        var data = Path.Combine("/tmp", $"assistant-bench-pg-{Environment.ProcessId}");
        var port = ServerLauncher.FreePort();
        var cluster = new BenchPostgres(bin, data, asPostgres, port);
        if (asPostgres)
        {
            await RunAsync("install", ["-d", "-o", "postgres", "-g", "postgres", "-m", "700", data]);
        }
        else
        {
            Directory.CreateDirectory(data);
        }

        await cluster.ToolAsync("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
        await cluster.ToolAsync("pg_ctl", ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-t", "60",
            "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {data} -c max_connections=300 -c shared_buffers=128MB", "start"]);
        return (cluster, null);
    }

    public Task CreateDatabaseAsync(string name) =>
        ToolAsync("psql", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres",
            "-c", $"CREATE DATABASE \"{name}\""]);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await ToolAsync("pg_ctl", ["-D", _data, "-m", "fast", "-w", "stop"]);
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

    private static string? FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        return Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin"))
                .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            : null;
    }

    private Task ToolAsync(string tool, IReadOnlyList<string> arguments) =>
        _asPostgres
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments])
            : RunAsync(Path.Combine(_bin, tool), arguments);

    private static async Task RunAsync(string file, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error} {await output}");
        }
    }
}
