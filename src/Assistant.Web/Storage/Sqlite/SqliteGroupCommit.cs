using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// Group commit: concurrent writers share one transaction, hence one fsync. One writer loop owns one long-lived
/// connection; it waits for the first queued unit, takes whatever else is queued at that moment (at most
/// <see cref="MaxBatch"/>, no waiting for more), runs BEGIN IMMEDIATE, each unit inside a SAVEPOINT of its own, and one
/// COMMIT; only then does it complete the callers' tasks.
/// <list type="bullet">
/// <item>A unit that throws is rolled back to its savepoint and its caller gets its exception; the other units of the
/// batch are not affected (an eTag conflict reaches only its own caller).</item>
/// <item>When BEGIN, a savepoint or COMMIT fails, nothing of the batch is stored and every unit of it fails with that
/// exception (a unit that failed on its own keeps its own); the connection is closed and the next batch opens a new one.</item>
/// <item>A unit whose caller cancels while it waits is completed as cancelled and never runs; once it ran, it is
/// committed with its batch. Units receive <see cref="CancellationToken.None"/>: a batch is never interrupted halfway.</item>
/// <item>A unit must not write through the database again (it would wait for its own batch); that throws.</item>
/// <item>Work queued with <see cref="RunBetweenBatchesAsync{T}"/> (VACUUM, a WAL checkpoint) ends the batch being
/// gathered: that batch commits first, then the work runs alone on the writer's connection with no transaction open,
/// then the next batch begins. It thus never competes with the writer for SQLite's write lock.</item>
/// </list>
/// The loop starts with the first write and ends on dispose, after committing what was already queued.
/// </summary>
internal sealed class SqliteGroupCommit(Func<CancellationToken, Task<SqliteConnection>> openConnection) : IAsyncDisposable
{
    /// <summary>At most this many units share one transaction.</summary>
    public const int MaxBatch = 256;

    private const string Savepoint = "unit";

    private readonly Channel<SqliteWriteUnit> _queue =
        Channel.CreateUnbounded<SqliteWriteUnit>(new UnboundedChannelOptions { SingleReader = true });

    private readonly Lock _gate = new();
    private readonly AsyncLocal<bool> _insideWriter = new();
    private Task? _writer;
    private bool _disposed;
    private SqliteConnection? _connection;
    private long _committedBatches;

    /// <summary>How many batch transactions have committed.</summary>
    public long CommittedBatches => Interlocked.Read(ref _committedBatches);

    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken) =>
        Enqueue(() => new SqliteWriteUnit<T>(work, cancellationToken), cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> on the writer's connection with no transaction open, after every write queued before
    /// it has committed and before any write queued after it. It receives <see cref="CancellationToken.None"/>; its
    /// exception reaches this caller only.
    /// </summary>
    public Task<T> RunBetweenBatchesAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        Enqueue(() => new SqliteWriteUnit<T>(work, cancellationToken), cancellationToken);

    private Task<T> Enqueue<T>(Func<SqliteWriteUnit<T>> create, CancellationToken cancellationToken)
    {
        if (_insideWriter.Value)
        {
            return Task.FromException<T>(new InvalidOperationException(
                "A write unit must not write through the database again: it would wait for its own batch."));
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        if (!TryStartWriter())
        {
            return Task.FromException<T>(new ObjectDisposedException(nameof(SqliteDatabase)));
        }

        var unit = create();
        if (!_queue.Writer.TryWrite(unit))
        {
            unit.Error = new ObjectDisposedException(nameof(SqliteDatabase));
            unit.Complete();
        }

        return unit.Task;
    }

    /// <summary>Stops taking writes, commits those already queued, and closes the writer's connection.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? writer;
        lock (_gate)
        {
            _disposed = true;
            _queue.Writer.TryComplete();
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer;
        }
    }

    /// <summary>Starts the writer loop on the first write; false once disposed.</summary>
    private bool TryStartWriter()
    {
        if (Volatile.Read(ref _writer) is not null)
        {
            return true;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            if (_writer is null)
            {
                // The loop outlives the request that happened to start it: it must not carry that request's context.
                using (ExecutionContext.SuppressFlow())
                {
                    Volatile.Write(ref _writer, Task.Run(RunAsync));
                }
            }

            return true;
        }
    }

    private async Task RunAsync()
    {
        _insideWriter.Value = true;
        var batch = new List<SqliteWriteUnit>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            SqliteWriteUnit? between = null;
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var unit))
            {
                if (unit.BetweenBatches)
                {
                    between = unit;
                    break;
                }

                batch.Add(unit);
            }

            if (batch.Count > 0)
            {
                await CommitAsync(batch);
                batch.Clear();
            }

            if (between is not null)
            {
                await RunBetweenBatchesAsync(between);
            }
        }

        await CloseConnectionAsync();
    }

    /// <summary>Runs and commits one batch, then completes every unit of it; never throws.</summary>
    private async Task CommitAsync(List<SqliteWriteUnit> batch)
    {
        SqliteTransaction? transaction = null;
        try
        {
            var connection = _connection ??= await openConnection(CancellationToken.None);
            transaction = connection.BeginTransaction(deferred: false);
            foreach (var unit in batch)
            {
                if (!unit.TryTake())
                {
                    continue;
                }

                transaction.Save(Savepoint);
                try
                {
                    await unit.RunAsync(connection, transaction, CancellationToken.None);
                }
                catch (Exception error)
                {
                    unit.Error = error;
                    if (!TryRollBackTo(transaction))
                    {
                        // SQLite ended the whole transaction with this error (I/O, disk full): the batch fails with it.
                        throw;
                    }
                }

                transaction.Release(Savepoint);
            }

            transaction.Commit();
            Interlocked.Increment(ref _committedBatches);
        }
        catch (Exception error)
        {
            foreach (var unit in batch)
            {
                unit.Error ??= error;
            }

            // Closing the connection rolls back whatever is left of the transaction; the next batch opens a new one.
            DisposeQuietly(transaction);
            transaction = null;
            await CloseConnectionAsync();
        }
        finally
        {
            transaction?.Dispose();
        }

        foreach (var unit in batch)
        {
            unit.Complete();
        }
    }

    /// <summary>Runs one unit with no transaction open, then completes it; never throws.</summary>
    private async Task RunBetweenBatchesAsync(SqliteWriteUnit unit)
    {
        if (unit.TryTake())
        {
            try
            {
                var connection = _connection ??= await openConnection(CancellationToken.None);
                await unit.RunAsync(connection, null, CancellationToken.None);
            }
            catch (Exception error)
            {
                unit.Error = error;
                if (_connection is { } connection && connection.State != System.Data.ConnectionState.Open)
                {
                    await CloseConnectionAsync();
                }
            }
        }

        unit.Complete();
    }

    /// <summary>Undoes the failed unit's writes; false when there is no transaction left to roll back into.</summary>
    private static bool TryRollBackTo(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback(Savepoint);
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void DisposeQuietly(SqliteTransaction? transaction)
    {
        try
        {
            transaction?.Dispose();
        }
        catch (SqliteException)
        {
            // The transaction may already be gone (SQLite rolls back on some errors); closing the connection ends it anyway.
        }
        catch (InvalidOperationException)
        {
            // Likewise: the connection may already be unusable.
        }
    }

    private async Task CloseConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            try
            {
                await connection.DisposeAsync();
            }
            catch (SqliteException)
            {
                // A broken connection may fail to close cleanly; it is dropped either way.
            }
        }
    }
}
