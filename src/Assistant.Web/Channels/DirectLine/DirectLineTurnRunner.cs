using Assistant.Core.Conversation;
using Assistant.Core.Turns;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// Runs the turns of Direct Line conversations in the background, in log order, one conversation at a time. The log is
/// the queue: an inbound activity stays unhandled until its replies are stored, so turns acknowledged before a crash run
/// after the restart. <see cref="Schedule"/> queues a drain of the conversation's unhandled activities, joining one that
/// has not started yet; a drain already reading the log gets another queued behind it, so no activity is left waiting.
/// </summary>
public sealed class DirectLineTurnRunner(
    IActivityLogStore log,
    TurnProcessor turns,
    StreamHub hub,
    ILogger<DirectLineTurnRunner> logger) : IHostedService
{
    public const string Channel = ChannelIds.DirectLine;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly ConversationQueue _conversations = new(logger);

    public void Schedule(string conversationId) =>
        // Refused only while stopping: the activities stay unhandled in the log and run at the next start.
        _conversations.EnqueueOrJoin(conversationId, stopping => DrainAsync(conversationId, stopping));

    /// <summary>Waits until no turn is queued or running (tests and benchmarks).</summary>
    public Task WaitIdleAsync(CancellationToken cancellationToken) => _conversations.WaitIdleAsync(cancellationToken);

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
        if (!await _conversations.StopNowAsync(cancellationToken))
        {
            logger.LogWarning("Stopped with Direct Line turns still running; they resume at the next start");
        }
    }

    private async Task DrainAsync(string conversationId, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            foreach (var pending in await log.GetUnhandledAsync(conversationId, stopping))
            {
                await RunTurnAsync(conversationId, pending, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogError(e, "Direct Line turns of {ConversationKey} could not be run; retrying shortly", $"{Channel}/{conversationId}");
            try
            {
                await Task.Delay(RetryDelay, stopping);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Schedule(conversationId);
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

        var logged = await log.CompleteTurnAsync(conversationId, pending.Sequence, replies, cancellationToken);
        hub.Publish(conversationId, logged);
    }
}
