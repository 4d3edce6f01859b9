using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// The embedded SQLite file: opens pooled connections with the pragmas every connection needs, brings the schema to the
/// current version at start-up (numbered migrations, recorded in <c>PRAGMA user_version</c>), and runs the stores'
/// writes (<see cref="WriteAsync{T}"/>): with group commit (the default) concurrent writes share one transaction on the
/// writer's own connection (see <see cref="SqliteGroupCommit"/>); without it each write commits its own transaction on
/// a pooled connection. Either way a write's task completes only after the COMMIT that holds it has returned. Reads
/// use pooled connections (WAL: they read while the writer writes).
/// <para>
/// Erased means gone from the disk too: every connection runs with <c>secure_delete</c> on (SQLite overwrites what a
/// DELETE or UPDATE frees with zeros; the setting belongs to the connection, not the file, so it is set on each one),
/// and after an erasure <see cref="ScrubAsync"/> rewrites the file and empties the <c>-wal</c>, where the earlier
/// versions of the pages still are.
/// </para>
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

    /// <summary>
    /// The schema version from which every connection has run with <c>secure_delete</c> on: a file made before it may
    /// hold what was deleted earlier in its free space, so migrating it past this version vacuums it once.
    /// </summary>
    public const int SecureDeleteVersion = 9;

    /// <summary>
    /// Switches the file to WAL and applies every migration newer than the file's version. A file that had data from before
    /// <see cref="SecureDeleteVersion"/> is then rewritten once (VACUUM) and its WAL emptied; returns whether that happened.
    /// </summary>
    public async Task<bool> MigrateAsync(CancellationToken cancellationToken)
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

        if (version == 0 || version >= SecureDeleteVersion || SqliteMigrations.All.Count < SecureDeleteVersion)
        {
            return false;
        }

        await VacuumAndEmptyWalAsync(connection, cancellationToken);
        return true;
    }

    /// <summary>
    /// Makes what was deleted unreadable in the files, after an erasure or a purge has committed. secure_delete zeroes a
    /// row where it was deleted, but not the copies SQLite left behind in the free space of other pages when it moved the
    /// row between pages earlier (a page split or merge rebuilds a page without clearing its old content), nor the
    /// earlier versions of the pages in the WAL. So this rewrites the whole file (VACUUM: every page anew, free space
    /// zero) and then copies the WAL into the file and truncates it to nothing (<c>wal_checkpoint(TRUNCATE)</c>).
    /// <para>
    /// Its cost grows with the file (measured on a shared 2-core machine: 0.6 s for 26 MB, 1.3 s for 52 MB, 2.9 s for
    /// 104 MB; it also needs about the file's size of free disk for a temporary copy and as much for the WAL), and writes
    /// wait meanwhile. With group commit it runs on the writer's connection between two batches, so it never competes
    /// with the writer for the write lock. The checkpoint waits at most <see cref="CheckpointWaitMs"/> for readers of
    /// older snapshots; returns false when it could not complete (the earlier frames then stay in the WAL until a later
    /// checkpoint empties it). A failed VACUUM throws.
    /// </para>
    /// </summary>
    public Task<bool> ScrubAsync(CancellationToken cancellationToken) =>
        _groupCommit is { } groupCommit
            ? groupCommit.RunBetweenBatchesAsync(VacuumAndEmptyWalAsync, cancellationToken)
            : ScrubOnPooledConnectionAsync(cancellationToken);

    /// <summary>How long the checkpoint after a VACUUM waits for readers (and, without group commit, writers).</summary>
    public const int CheckpointWaitMs = 5000;

    private async Task<bool> ScrubOnPooledConnectionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await VacuumAndEmptyWalAsync(connection, cancellationToken);
    }

    private static async Task<bool> VacuumAndEmptyWalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        // VACUUM cannot run inside a transaction: the caller has none open on this connection.
        await using (var vacuum = connection.CreateCommand())
        {
            vacuum.CommandText = "VACUUM;";
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync(cancellationToken);
        }

        await SetBusyTimeoutAsync(connection, CheckpointWaitMs, cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            // One row: busy (1 when blocked before it could finish), frames in the WAL, frames checkpointed.
            return await reader.ReadAsync(cancellationToken) && reader.GetInt64(0) == 0;
        }
        finally
        {
            await SetBusyTimeoutAsync(connection, BusyTimeoutMs, CancellationToken.None);
        }
    }

    private static async Task SetBusyTimeoutAsync(SqliteConnection connection, int milliseconds, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout={milliseconds};";
        await command.ExecuteNonQueryAsync(cancellationToken);
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

    /// <summary>Runs one statement in one write; returns the rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, Action<SqliteParameterCollection> bind, CancellationToken cancellationToken) =>
        ExecuteInTransactionAsync([sql], bind, cancellationToken);

    /// <summary>Reads the rows of one query on a pooled connection, each through <paramref name="read"/>.</summary>
    public async Task<IReadOnlyList<T>> QueryAsync<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read,
        CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(read(reader));
        }

        return result;
    }

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
    /// Connections read the file with read(), not through a memory map (SQLite's default, stated here): a database that
    /// grows as answers arrive made every pooled connection unmap and map its file again; under survey load that page-table
    /// work took more of the server's CPU (a quarter of it in one profile) than the copies a map saves.
    /// </summary>
    private const long MemoryMapBytes = 0;

    /// <summary>How long a statement waits for a lock another connection holds.</summary>
    private const int BusyTimeoutMs = 30000;

    private static readonly object Configured = new();

    /// <summary>Native connections whose settings are in place (weak: a closed native connection drops out).</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();

    private async Task<SqliteConnection> OpenAsync(string connectionString, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // The settings stay with the native connection, which the pool hands out again: set them once per native connection.
        // secure_delete is one of them: it is not stored in the file, so every connection (the writer's too) sets it.
        if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText =
                $"PRAGMA synchronous={Synchronous}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs}; " +
                $"PRAGMA mmap_size={MemoryMapBytes}; PRAGMA secure_delete=ON;";
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
