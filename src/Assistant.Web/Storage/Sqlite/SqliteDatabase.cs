using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// The embedded SQLite file: opens pooled connections with the pragmas every connection needs, brings the schema to the
/// current version at start-up (numbered migrations, recorded in <c>PRAGMA user_version</c>), and runs the stores'
/// writes (<see cref="WriteAsync{T}"/>): with group commit (the default) concurrent writes share one transaction on the
/// writer's own connection (see <see cref="SqliteGroupCommit"/>); without it each write commits its own transaction on
/// a pooled connection. Either way a write's task completes only after the COMMIT that holds it has returned. Reads
/// use pooled connections (WAL: they read while the writer writes).
/// </summary>
public sealed class SqliteDatabase : IAsyncDisposable, IDisposable
{
    private readonly string _connectionString;
    private readonly string _writerConnectionString;
    private readonly SqliteGroupCommit? _groupCommit;
    private long _ownTransactionCommits;

    public SqliteDatabase(string connectionString, string synchronous = "FULL", bool groupCommit = true)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            Pooling = true,
            DefaultTimeout = 30,
        };
        if (builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }
        }

        _connectionString = builder.ToString();
        // The writer keeps its connection for good; outside the pool it is closed for real when dropped after a failure.
        builder.Pooling = false;
        _writerConnectionString = builder.ToString();
        Synchronous = synchronous.ToUpperInvariant() switch
        {
            "FULL" or "NORMAL" or "EXTRA" => synchronous.ToUpperInvariant(),
            _ => throw new ArgumentException($"SQLite synchronous mode '{synchronous}' is not one of FULL, NORMAL, EXTRA."),
        };
        _groupCommit = groupCommit ? new SqliteGroupCommit(token => OpenAsync(_writerConnectionString, token)) : null;
    }

    public string Synchronous { get; }

    /// <summary>Whether concurrent writes share transactions (<c>Storage:SqliteGroupCommit</c>).</summary>
    public bool GroupCommit => _groupCommit is not null;

    /// <summary>How many write transactions <see cref="WriteAsync{T}"/> has committed (batches with group commit).</summary>
    public long CommittedBatches => Interlocked.Read(ref _ownTransactionCommits) + (_groupCommit?.CommittedBatches ?? 0);

    public string DataSource => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    /// <summary>A pooled connection with the pragmas set, for reads (and for migrations and tests).</summary>
    public Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken) => OpenAsync(_connectionString, cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in an immediate transaction and completes once that transaction has committed. The
    /// work creates its commands on the connection it is given, with <c>command.Transaction = transaction</c>, and must
    /// not commit or roll back. If it throws, its writes are undone and its exception reaches this caller only. It must
    /// not call the database's writes itself: with group commit it would wait for its own batch. Cancelling before the
    /// work runs cancels it; with group commit, once it ran it commits with its batch (the work receives
    /// <see cref="CancellationToken.None"/> then).
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        _groupCommit is { } groupCommit ? groupCommit.WriteAsync(work, cancellationToken) : WriteInOwnTransactionAsync(work, cancellationToken);

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            await work(connection, transaction, token);
            return true;
        }, cancellationToken);

    /// <summary>Switches the file to WAL and applies every migration newer than the file's version.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            await wal.ExecuteScalarAsync(cancellationToken);
        }

        long version;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = "PRAGMA user_version;";
            version = (long)(await read.ExecuteScalarAsync(cancellationToken))!;
        }

        for (var next = (int)version; next < SqliteMigrations.All.Count; next++)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SqliteMigrations.All[next] + $"\nPRAGMA user_version = {next + 1};";
            await command.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>Runs the statements in order in one write (all or none of them); returns the rows they changed.</summary>
    public Task<int> ExecuteInTransactionAsync(IEnumerable<string> statements, Action<SqliteParameterCollection> bind,
        CancellationToken cancellationToken) =>
        WriteAsync(async (connection, transaction, token) =>
        {
            var changed = 0;
            foreach (var sql in statements)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                bind(command.Parameters);
                changed += await command.ExecuteNonQueryAsync(token);
            }

            return changed;
        }, cancellationToken);

    public async Task<string> IntegrityCheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check;";
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Commits the writes already queued, then closes the writer's connection; later writes throw.</summary>
    public ValueTask DisposeAsync() => _groupCommit?.DisposeAsync() ?? ValueTask.CompletedTask;

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Connections read the file through a memory map of up to this size: every connection's page cache is emptied when
    /// another one writes, and re-reading pages through a map costs no copy, where read() copies each page again.
    /// </summary>
    private const long MemoryMapBytes = 256L * 1024 * 1024;

    private static readonly object Configured = new();

    /// <summary>Native connections whose settings are in place (weak: a closed native connection drops out).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The settings stay with the native connection, which the pool hands out again: set them once per native connection.
        if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText =
                $"PRAGMA synchronous={Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000; PRAGMA mmap_size={MemoryMapBytes};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            _configured.AddOrUpdate(handle, Configured);
        }

        return connection;
    }

    /// <summary>Without group commit: the work alone in a transaction on a pooled connection.</summary>
    private async Task<T> WriteInOwnTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var result = await work(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Interlocked.Increment(ref _ownTransactionCommits);
        return result;
    }
}
