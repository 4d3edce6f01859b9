using System.Collections.Concurrent;
using Assistant.Core.Conversation;
using Assistant.Core.Turns;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// Runs the turns the endpoint acknowledged at once and posts their replies to the Connector: in arrival order per
/// conversation, in the background. At shutdown it lets running turns finish (within the host's shutdown timeout).
/// </summary>
// The stopping source has no timer and lives as long as the runner: nothing to dispose.
#pragma warning disable CA1001
public sealed class BotConnectorTurnRunner(
    TurnProcessor turns,
    BotConnectorClient connector,
    IOptions<BotFrameworkOptions> options,
    IHostEnvironment environment,
    ILogger<BotConnectorTurnRunner> logger) : IHostedService
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>Queues the turn behind the ones of the same conversation still running.</summary>
    public void Schedule(ConversationKey key, Activity activity, ReplyTarget target)
    {
        lock (_lock)
        {
            var previous = _tails.GetValueOrDefault(key.ToString()) ?? Task.CompletedTask;
            // Not ExecuteSynchronously: the turn must not run inside this lock or on the request's thread.
            var task = previous.ContinueWith(_ => RunAsync(key, activity, target), CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            _tails[key.ToString()] = task;
            _running.TryAdd(task, 0);
            task.ContinueWith(done =>
            {
                _running.TryRemove(done, out _);
                lock (_lock)
                {
                    if (_tails.TryGetValue(key.ToString(), out var tail) && tail == done)
                    {
                        _tails.Remove(key.ToString());
                    }
                }
            }, TaskScheduler.Default);
        }
    }

    /// <summary>Waits until no turn is queued or running (tests).</summary>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (!_running.IsEmpty)
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        switch (BotConnectorAuthenticator.ModeFor(options.Value, environment))
        {
            case BotConnectorAuthMode.Off:
                logger.LogWarning("{Section}:AppId is empty: /api/messages accepts activities WITHOUT authentication and posts " +
                    "replies to any serviceUrl (Development only, for the Bot Framework Emulator)", BotFrameworkOptions.SectionName);
                break;
            case BotConnectorAuthMode.Refusing:
                logger.LogWarning("{Section}:AppId is empty: /api/messages refuses every request in the {Environment} environment",
                    BotFrameworkOptions.SectionName, environment.EnvironmentName);
                break;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WaitIdleAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Stopped with Bot Connector turns still running; their replies may not have been sent");
        }
        finally
        {
            await _stopping.CancelAsync();
        }
    }

    private async Task RunAsync(ConversationKey key, Activity activity, ReplyTarget target)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ConversationKey"] = key.ToString() });
        try
        {
            var replies = await turns.ProcessAsync(key, activity, _stopping.Token);
            foreach (var reply in replies)
            {
                // One at a time, so they arrive in order; after a failure the rest would arrive out of context.
                await connector.SendAsync(target, BotConnectorActivities.ToConnectorReply(reply, activity), _stopping.Token);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            logger.LogWarning("A Bot Connector turn was cut short by the shutdown");
        }
        catch (Exception e)
        {
            logger.LogError(e, "A Bot Connector turn could not be completed; its remaining replies were not sent");
        }
    }
}
#pragma warning restore CA1001
