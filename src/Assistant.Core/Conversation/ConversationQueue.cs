using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Core.Conversation;

/// <summary>
/// One turn at a time per conversation, on this instance: work queued for the same key runs one item after another, in
/// the order queued; different keys run side by side. This is the one scheduling idiom of the channels (each channel
/// runner owns a queue) and of <see cref="ConversationGate"/> (a lease on a queue of its own).
/// </summary>
/// <remarks>
/// <para>Each key with work running or waiting has a lane: the item (or lease) that holds it, and the items waiting in
/// order. When the holder finishes it hands the lane to the next waiting item, or removes the lane, so an idle key keeps
/// nothing in memory.</para>
/// <para>Work never runs on the caller's thread nor under the queue's lock. Every accepted item runs exactly once: one
/// that throws is logged and the key's later items still run. Work gets the queue's stopping token; an item whose turn
/// comes after that token was cancelled still runs (so it can release what it holds) and should return at once.</para>
/// <para>Stopping refuses new work and waits for what was accepted: <see cref="StopAsync"/> lets waiting work run and
/// cancels only when the host's shutdown timeout fires; <see cref="StopNowAsync"/> cancels at once, for work that is
/// durable elsewhere and resumes at the next start.</para>
/// </remarks>
// The stopping source has no timer and lives as long as the queue: nothing to dispose.
#pragma warning disable CA1001
[SuppressMessage("Naming", "CA1711", Justification = "It is a queue: of work, not a collection type.")]
public sealed class ConversationQueue(ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource? _allIdle;
    private bool _stopped;

    private sealed class Lane
    {
        /// <summary>What waits for the lane, oldest first; the holder is not in it.</summary>
        public readonly LinkedList<Waiting> Waiting = new();

        public TaskCompletionSource? Idle;
    }

    /// <summary>Either work to start, or a lease to grant.</summary>
    private sealed record Waiting(Func<CancellationToken, Task>? Work, bool Joinable, TaskCompletionSource? Granted);

    /// <summary>Number of keys with work running or waiting (diagnostics and tests).</summary>
    public int BusyKeys
    {
        get
        {
            lock (_lock)
            {
                return _lanes.Count;
            }
        }
    }

    /// <summary>Queues the work behind the key's earlier work; false once the queue is stopping (the work is not run).</summary>
    public bool Enqueue(string key, Func<CancellationToken, Task> work) => Add(key, work, joinable: false);

    /// <summary>
    /// Like <see cref="Enqueue"/>, for work that looks at the current state when it starts (such as draining a durable
    /// log): when the last item waiting for the key is joinable work that has not started yet, nothing is added, since
    /// that item runs at the same place in the order and will see whatever this call was about. Work already running
    /// does not absorb the call: a new item is queued behind it, so no wake-up is lost.
    /// </summary>
    public bool EnqueueOrJoin(string key, Func<CancellationToken, Task> work) => Add(key, work, joinable: true);

    /// <summary>
    /// Waits for the key's turn and holds it until the lease is disposed: for callers that run the work themselves and
    /// await its result. Throws <see cref="OperationCanceledException"/> when the token fires first or the queue is
    /// stopping. Stopping waits for leases to be disposed but cannot cancel their holders.
    /// </summary>
    public async Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        Lane lane;
        LinkedListNode<Waiting> node;
        lock (_lock)
        {
            if (_stopped)
            {
                throw new OperationCanceledException("The conversation queue is stopping.");
            }

            if (!_lanes.TryGetValue(key, out lane!))
            {
                return new Lease(this, key, AddLane(key));
            }

            node = lane.Waiting.AddLast(new Waiting(null, false, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }

        try
        {
            await node.Value.Granted!.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            bool granted;
            lock (_lock)
            {
                granted = node.List is null;
                if (!granted)
                {
                    lane.Waiting.Remove(node);
                }
            }

            if (granted)
            {
                // Handed over just as the wait was given up: pass it on.
                Release(key, lane);
            }

            throw;
        }

        return new Lease(this, key, lane);
    }

    /// <summary>Waits until no work is running or waiting for any key (tests, benchmarks and shutdown).</summary>
    public Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_lanes.Count == 0)
            {
                return Task.CompletedTask;
            }

            _allIdle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _allIdle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until no work of the key is running or waiting.</summary>
    public Task WaitIdleAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_lanes.TryGetValue(key, out var lane))
            {
                return Task.CompletedTask;
            }

            lane.Idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return lane.Idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Refuses new work and waits until all accepted work ran, waiting work included; true when it did. When the token
    /// fires first (the host's shutdown timeout) the work's stopping token is cancelled and false comes back at once.
    /// </summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        Refuse();
        try
        {
            await WaitIdleAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        finally
        {
            await _stopping.CancelAsync();
        }
    }

    /// <summary>
    /// Refuses new work, cancels the work's stopping token at once and waits until the accepted work returned (waiting
    /// work starts with the token cancelled); true when it did, false when the token fired first.
    /// </summary>
    public async Task<bool> StopNowAsync(CancellationToken cancellationToken)
    {
        Refuse();
        await _stopping.CancelAsync();
        try
        {
            await WaitIdleAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Refuse()
    {
        lock (_lock)
        {
            _stopped = true;
        }
    }

    private bool Add(string key, Func<CancellationToken, Task> work, bool joinable)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        Lane lane;
        lock (_lock)
        {
            if (_stopped)
            {
                return false;
            }

            if (_lanes.TryGetValue(key, out lane!))
            {
                if (!joinable || lane.Waiting.Last?.Value is not { Joinable: true })
                {
                    lane.Waiting.AddLast(new Waiting(work, joinable, null));
                }

                return true;
            }

            lane = AddLane(key);
        }

        Start(key, lane, work);
        return true;
    }

    private Lane AddLane(string key)
    {
        var lane = new Lane();
        _lanes.Add(key, lane);
        return lane;
    }

    private void Start(string key, Lane lane, Func<CancellationToken, Task> work) =>
        _ = Task.Run(() => RunAsync(key, lane, work));

    private async Task RunAsync(string key, Lane lane, Func<CancellationToken, Task> work)
    {
        try
        {
            await work(_stopping.Token);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            _logger.LogDebug("Work queued for {QueueKey} was cancelled by the shutdown", key);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Work queued for {QueueKey} failed; the work queued after it still runs", key);
        }
        finally
        {
            Release(key, lane);
        }
    }

    /// <summary>The holder of the lane is done: the next waiting item gets it, or the lane goes.</summary>
    private void Release(string key, Lane lane)
    {
        Func<CancellationToken, Task> next;
        lock (_lock)
        {
            if (lane.Waiting.First is not { } first)
            {
                _lanes.Remove(key);
                lane.Idle?.TrySetResult();
                if (_lanes.Count == 0)
                {
                    _allIdle?.TrySetResult();
                    _allIdle = null;
                }

                return;
            }

            lane.Waiting.RemoveFirst();
            if (first.Value.Granted is { } granted)
            {
                // Its continuation runs asynchronously, outside this lock.
                granted.SetResult();
                return;
            }

            next = first.Value.Work!;
        }

        Start(key, lane, next);
    }

    private sealed class Lease(ConversationQueue queue, string key, Lane lane) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                queue.Release(key, lane);
            }
        }
    }
}
#pragma warning restore CA1001
