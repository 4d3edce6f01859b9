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

    /// <summary>
    /// Runs one logged activity's turn and commits it with one write: the activity marked handled, the turn's state and
    /// transcript, and its replies (see <see cref="TurnCommit"/>). When that write conflicts or the storage fails, the turn
    /// runs again from the stored state after the pipeline's pauses; after the last, it runs once more writing as it goes,
    /// so the pipeline's own answer to a failing storage (ask the user to send it again) applies.
    /// </summary>
    private async Task RunTurnAsync(string conversationId, LoggedActivity pending, CancellationToken cancellationToken)
    {
        var activity = pending.Activity;
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Event))
        {
            hub.Publish(conversationId, await log.CompleteTurnAsync(conversationId, pending.Sequence, [], cancellationToken));
            return;
        }

        var key = new ConversationKey(Channel, conversationId);
        foreach (var pause in TurnProcessor.StorageRetryDelays)
        {
            var commit = new TurnCommit();
            var replies = await turns.ProcessAsync(key, activity, commit, cancellationToken);
            try
            {
                hub.Publish(conversationId, await log.CompleteTurnAsync(conversationId, pending.Sequence, replies, commit, cancellationToken));
                return;
            }
            catch (Exception e) when ((e is ConcurrencyConflictException || StorageFailure.Is(e)) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Turn of {ConversationKey} could not be committed; running it again", $"{Channel}/{conversationId}");
                await Task.Delay(pause, cancellationToken);
            }
        }

        var written = await turns.ProcessAsync(key, activity, cancellationToken);
        hub.Publish(conversationId, await log.CompleteTurnAsync(conversationId, pending.Sequence, written, cancellationToken));
    }
}
