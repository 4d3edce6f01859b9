using System.Collections.Concurrent;
using Assistant.Web.Storage.Postgres;
using Npgsql;

[assembly: AssemblyFixture(typeof(Assistant.Web.Tests.Support.PostgresCluster))]

namespace Assistant.Web.Tests.Support;

/// <summary>
/// One throwaway PostgreSQL cluster for the whole test run, started on first use from the machine's binaries
/// (<c>/usr/lib/postgresql/*/bin</c>, or <c>POSTGRES_BIN</c>): <c>initdb</c> into a temp folder, <c>pg_ctl start</c> on a
/// free loopback port with fsync off, as the <c>postgres</c> user through <c>runuser</c> when the tests run as root
/// (PostgreSQL refuses root). Stopped and deleted when the run ends. Without the binaries a test that needs it is
/// skipped with a loud reason, except under <c>CI=true</c>, where it fails.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly Lock _stopLock = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _classDatabases = new(StringComparer.Ordinal);
    private string? _unavailable;
    private bool _started;
    private PostgresTools? _tools;
    private string _dataDirectory = "";
    private int _port;
    private int _databaseCounter;

    public PostgresCluster() => AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The maintenance database's connection string (create and drop databases, look at other sessions).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = _port,
            Username = "postgres",
            Database = database,
            Timeout = 15,
            CommandTimeout = 60,
            MaxPoolSize = 200,
        }.ConnectionString;

    /// <summary>
    /// The database of one test class: created (and migrated) on the first call for that class, the same one after.
    /// Tests in a class run one after another, so a class's tests share it and each empties it first.
    /// </summary>
    public async Task<string> DatabaseForClassAsync(Type testClass)
    {
        await EnsureStartedAsync();
        var lazy = _classDatabases.GetOrAdd(testClass.FullName!, name => new Lazy<Task<string>>(async () =>
        {
            var connectionString = await CreateDatabaseAsync(testClass.Name);
            await using var database = new PostgresDatabase(connectionString);
            await database.MigrateAsync(CancellationToken.None);
            return connectionString;
        }));
        return await lazy.Value;
    }

    /// <summary>A new empty database (no schema yet); returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        await EnsureStartedAsync();
        var name = $"{new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(40).ToArray())}_{Interlocked.Increment(ref _databaseCounter)}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Empties every table of a migrated database but the schema version (one test's data never meets the next's).</summary>
    public static async Task TruncateAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand("""
            SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables
            WHERE schemaname = current_schema() AND tablename <> 'schema_version'
            """, connection);
        if (await list.ExecuteScalarAsync() is string tables)
        {
            await using var truncate = new NpgsqlCommand($"TRUNCATE {tables} RESTART IDENTITY CASCADE", connection);
            await truncate.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Skips the calling test (locally) or fails it (CI) when there is no PostgreSQL to test against.</summary>
    public async Task EnsureStartedAsync()
    {
        if (!_started && _unavailable is null)
        {
            await _startLock.WaitAsync();
            try
            {
                if (!_started && _unavailable is null)
                {
                    await StartAsync();
                }
            }
            finally
            {
                _startLock.Release();
            }
        }

        if (_unavailable is { } reason)
        {
            var message = $"PostgreSQL tests cannot run: {reason}";
            if (InCi)
            {
                Assert.Fail(message + " (CI=true: PostgreSQL is required; .ci/run installs it).");
            }

            Assert.Skip("*** SKIPPED *** " + message + " Install PostgreSQL (apt-get install postgresql) to run them.");
        }
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        _startLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartAsync()
    {
        _tools = PostgresTools.Find();
        if (_tools is null)
        {
            _unavailable = "no initdb/pg_ctl found under " + (Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } bin ? bin : "/usr/lib/postgresql/*/bin");
            return;
        }

        if (_tools.AsPostgresUser && !File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser"))
        {
            _unavailable = "running as root, and runuser (needed to run PostgreSQL as the postgres user) is missing";
            return;
        }

        var failures = new List<string>();
        for (var attempt = 1; attempt <= 3 && !_started; attempt++)
        {
            // Directly under /tmp: every parent folder must be traversable by the postgres user.
            _dataDirectory = Path.Combine(Path.GetTempPath(), $"assistant-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            _port = AssistantServer.FreePort();
            try
            {
                if (_tools.AsPostgresUser)
                {
                    await PostgresTools.RunProcessAsync("install", ["-d", "-o", "postgres", "-g", "postgres", "-m", "700", _dataDirectory]);
                }
                else
                {
                    Directory.CreateDirectory(_dataDirectory);
                }

                await _tools.RunAsync("initdb", ["-D", _dataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                    "--locale=C.UTF-8", "-N"]);
                await _tools.RunAsync("pg_ctl", ["-D", _dataDirectory, "-l", Path.Combine(_dataDirectory, "server.log"), "-w", "-t", "30",
                    "-o", $"-c listen_addresses=127.0.0.1 -p {_port} -k {_dataDirectory} -c fsync=off -c synchronous_commit=off " +
                    "-c full_page_writes=off -c max_connections=600 -c shared_buffers=64MB", "start"]);
                _started = true;
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
                Stop();
            }
        }

        if (!_started)
        {
            _unavailable = "the throwaway cluster did not start: " + string.Join(" | ", failures);
        }
    }

    private void Stop()
    {
        lock (_stopLock)
        {
            StopLocked();
        }
    }

    private void StopLocked()
    {
        if (_dataDirectory.Length == 0)
        {
            return;
        }

        try
        {
            if (_tools is not null && File.Exists(Path.Combine(_dataDirectory, "postmaster.pid")))
            {
                _tools.RunAsync("pg_ctl", ["-D", _dataDirectory, "-m", "immediate", "-w", "stop"]).GetAwaiter().GetResult();
            }
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the folder goes anyway.
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        _dataDirectory = "";
        _started = false;
    }
}
