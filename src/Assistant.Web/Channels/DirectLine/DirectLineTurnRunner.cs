using System.Collections.Concurrent;
using Assistant.Core.Conversation;
using Assistant.Core.Turns;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// Runs the turns of Direct Line conversations in the background, in log order, one conversation at a time. The log is
/// the queue: an inbound activity stays unhandled until its replies are stored, so turns acknowledged before a crash run
/// after the restart.
/// </summary>
// The stopping source has no timer and lives as long as the runner: nothing to dispose.
#pragma warning disable CA1001
public sealed class DirectLineTurnRunner(
    IActivityLogStore log,
    TurnProcessor turns,
    StreamHub hub,
    ILogger<DirectLineTurnRunner> logger) : IHostedService
{
    public const string Channel = ChannelIds.DirectLine;

    private sealed class Worker
    {
        public bool Running;
        public bool Dirty;
    }

    private readonly ConcurrentDictionary<string, Worker> _workers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();


    public void Schedule(string conversationId)
    {
        var worker = _workers.GetOrAdd(conversationId, _ => new Worker());
        lock (worker)
        {
            worker.Dirty = true;
            if (worker.Running)
            {
                return;
            }

            worker.Running = true;
        }

        var task = Task.Run(() => RunAsync(conversationId, worker));
        _running.TryAdd(task, 0);
        task.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>Waits until no turn is queued or running (tests and benchmarks).</summary>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var conversationId in await log.GetConversationsWithUnhandledAsync(cancellationToken))
        {
            logger.LogInformation("Resuming unfinished turns of conversation {ConversationKey}", $"{Channel}/{conversationId}");
            Schedule(conversationId);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            logger.LogWarning("Stopped with Direct Line turns still running; they resume at the next start");
        }
    }

    private async Task RunAsync(string conversationId, Worker worker)
    {
        while (true)
        {
            lock (worker)
            {
                if (!worker.Dirty || _stopping.IsCancellationRequested)
                {
                    worker.Running = false;
                    return;
                }

                worker.Dirty = false;
            }

            try
            {
                foreach (var pending in await log.GetUnhandledAsync(conversationId, _stopping.Token))
                {
                    await RunTurnAsync(conversationId, pending, _stopping.Token);
                }
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                lock (worker)
                {
                    worker.Running = false;
                }

                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Direct Line turns of {ConversationKey} could not be run; retrying shortly", $"{Channel}/{conversationId}");
                await Task.Delay(TimeSpan.FromSeconds(1));
                lock (worker)
                {
                    worker.Dirty = true;
                }
            }
        }
    }

    private async Task RunTurnAsync(string conversationId, LoggedActivity pending, CancellationToken cancellationToken)
    {
        var activity = pending.Activity;
        IReadOnlyList<Activity> replies = [];
        if (activity.Type is ActivityTypes.Message or ActivityTypes.Event)
        {
            replies = await turns.ProcessAsync(new ConversationKey(Channel, conversationId), activity, cancellationToken);
        }

        await log.CompleteTurnAsync(conversationId, pending.Sequence, replies, cancellationToken);
        hub.Notify(conversationId);
    }
}
#pragma warning restore CA1001
