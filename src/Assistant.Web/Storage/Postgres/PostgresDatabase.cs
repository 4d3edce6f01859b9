using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// The shared PostgreSQL database: a pooled <see cref="NpgsqlDataSource"/> for the stores, a separate unpooled
/// connection for the LISTEN relay, and the versioned migrations applied at start-up. Migrations run under a
/// session advisory lock, so instances starting together apply each step once, one after the other.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>The NOTIFY channel every append to an activity log signals, with payload <c>conversationId:watermark</c>.</summary>
    public const string ActivityChannel = "assistant_activity";

    /// <summary>The application name of the relay's listening connection (find it in <c>pg_stat_activity</c>).</summary>
    public const string ListenerApplicationName = "assistant-relay";

    // Any fixed 64-bit key; advisory locks are per database, so only instances sharing the database contend.
    private const long MigrationLockKey = 0x4173_7369_7374_616E;

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnectionStringBuilder _settings;

    public PostgresDatabase(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The PostgreSQL connection string is empty.", nameof(connectionString));
        }

        _settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(_settings.ApplicationName))
        {
            _settings.ApplicationName = "assistant";
        }

        _dataSource = NpgsqlDataSource.Create(_settings);
    }

    /// <summary>Host, port and database, without credentials (for logs).</summary>
    public string Description => $"{_settings.Host}:{_settings.Port}/{_settings.Database}";

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) =>
        _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Runs one statement on a pooled connection; returns the rows it changed.</summary>
    public async Task<int> ExecuteAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Reads the rows of one query on a pooled connection, each through <paramref name="read"/>.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, T> read,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(read(reader));
        }

        return result;
    }

    /// <summary>
    /// A connection of its own for LISTEN, outside the pool: it lives as long as the relay, and when the server drops it
    /// the relay opens a new one instead of getting a broken one back from the pool.
    /// </summary>
    public NpgsqlConnection CreateListenerConnection()
    {
        var settings = new NpgsqlConnectionStringBuilder(_settings.ConnectionString)
        {
            Pooling = false,
            ApplicationName = ListenerApplicationName,
        };
        return new NpgsqlConnection(settings.ConnectionString);
    }

    /// <summary>Applies every migration newer than the database's version; returns the version it ends at.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockKey})", cancellationToken);
        try
        {
            await ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     integer PRIMARY KEY,
                    description text NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, cancellationToken);
            var version = await ReadVersionAsync(connection, cancellationToken);
            for (var next = version; next < PostgresMigrations.All.Count; next++)
            {
                var step = PostgresMigrations.All[next];
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await using (var command = new NpgsqlCommand(step.Sql, connection, transaction))
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }

                await using (var record = new NpgsqlCommand(
                    "INSERT INTO schema_version (version, description) VALUES (@version, @description)", connection, transaction))
                {
                    record.Parameters.AddWithValue("version", step.Version);
                    record.Parameters.AddWithValue("description", step.Description);
                    await record.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            return Math.Max(version, PostgresMigrations.All.Count);
        }
        finally
        {
            // Also released when the session ends, should this connection break first.
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockKey})", CancellationToken.None);
        }
    }

    /// <summary>The schema version recorded in the database (0 before the first migration).</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('schema_version') IS NOT NULL", connection);
        return (bool)(await exists.ExecuteScalarAsync(cancellationToken))! ? await ReadVersionAsync(connection, cancellationToken) : 0;
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", connection);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
