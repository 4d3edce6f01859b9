using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// One caller's write waiting in the group-commit queue. The writer takes it (unless its caller cancelled it while it
/// waited: then it never runs), runs it inside the batch transaction, and completes the caller's task only after the
/// batch's COMMIT has returned, with the unit's result or with the unit's own exception. A unit that runs
/// <see cref="BetweenBatches"/> (VACUUM, a WAL checkpoint) runs on the writer's connection with no transaction open, after the
/// batch queued before it has committed and before the next one begins.
/// </summary>
internal abstract class SqliteWriteUnit
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _registration;

    protected SqliteWriteUnit(CancellationToken cancellationToken) => CancellationToken = cancellationToken;

    /// <summary>The caller's token: it cancels the unit while it waits, not once it ran.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Whether the unit runs on its own between two batches, with no transaction, instead of inside one.</summary>
    public abstract bool BetweenBatches { get; }

    /// <summary>Why this unit failed: its own exception, or the batch's when BEGIN or COMMIT failed; null on success.</summary>
    public Exception? Error { get; set; }

    /// <summary>Claims the unit for the running batch; false when its caller cancelled it first (it must not run then).</summary>
    public bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Waiting) != Waiting)
        {
            return false;
        }

        _registration.Dispose();
        return true;
    }

    /// <summary>
    /// Runs the caller's work on the writer's connection: inside the batch transaction, or with none (null) when the unit
    /// runs <see cref="BetweenBatches"/>.
    /// </summary>
    public abstract Task RunAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken);

    /// <summary>Completes the caller's task with the result, or with <see cref="Error"/> when there is one.</summary>
    public void Complete()
    {
        _registration.Dispose();
        if (Error is { } error)
        {
            SetException(error);
        }
        else
        {
            SetResult();
        }
    }

    /// <summary>Called once by the derived constructor: a cancelled token completes the caller's task at once, if still waiting.</summary>
    protected void CancelWhileWaiting()
    {
        if (CancellationToken.CanBeCanceled)
        {
            _registration = CancellationToken.Register(static unit => ((SqliteWriteUnit)unit!).OnCancelled(), this);
        }
    }

    protected abstract void SetResult();

    protected abstract void SetException(Exception error);

    protected abstract void SetCanceled();

    private void OnCancelled()
    {
        if (Interlocked.CompareExchange(ref _state, Cancelled, Waiting) == Waiting)
        {
            SetCanceled();
        }
    }
}

internal sealed class SqliteWriteUnit<T> : SqliteWriteUnit
{
    private readonly Func<SqliteConnection, SqliteTransaction?, CancellationToken, Task<T>> _work;
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    /// <summary>A write that runs inside the batch transaction.</summary>
    public SqliteWriteUnit(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        : this((connection, transaction, token) => work(connection,
            transaction ?? throw new InvalidOperationException("A write unit runs inside the batch transaction."), token),
            betweenBatches: false, cancellationToken)
    {
    }

    /// <summary>Work that runs between two batches, on the writer's connection with no transaction open.</summary>
    public SqliteWriteUnit(Func<SqliteConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
        : this((connection, _, token) => work(connection, token), betweenBatches: true, cancellationToken)
    {
    }

    private SqliteWriteUnit(Func<SqliteConnection, SqliteTransaction?, CancellationToken, Task<T>> work, bool betweenBatches,
        CancellationToken cancellationToken)
        : base(cancellationToken)
    {
        _work = work;
        BetweenBatches = betweenBatches;
        CancelWhileWaiting();
    }

    public override bool BetweenBatches { get; }

    /// <summary>What the caller awaits.</summary>
    public Task<T> Task => _completion.Task;

    public override async Task RunAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken) =>
        _result = await _work(connection, transaction, cancellationToken);

    protected override void SetResult() => _completion.TrySetResult(_result!);

    protected override void SetException(Exception error) => _completion.TrySetException(error);

    protected override void SetCanceled() => _completion.TrySetCanceled(CancellationToken);
}
