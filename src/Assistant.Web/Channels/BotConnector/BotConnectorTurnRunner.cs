using Assistant.Core.Conversation;
using Assistant.Core.Turns;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// Runs the turns the endpoint acknowledged at once and posts their replies to the Connector: in arrival order per
/// conversation, in the background. At shutdown it lets running turns finish (within the host's shutdown timeout).
/// </summary>
public sealed class BotConnectorTurnRunner(
    TurnProcessor turns,
    ITurnCommitStore commits,
    BotConnectorClient connector,
    IOptions<BotFrameworkOptions> options,
    IHostEnvironment environment,
    ILogger<BotConnectorTurnRunner> logger) : IHostedService
{
    private readonly ConversationQueue _conversations = new(logger);

    /// <summary>Queues the turn behind the ones of the same conversation still running.</summary>
    public void Schedule(ConversationKey key, Activity activity, ReplyTarget target)
    {
        if (!_conversations.Enqueue(key.ToString(), stopping => RunAsync(key, activity, target, stopping)))
        {
            logger.LogWarning("A Bot Connector turn of {ConversationKey} arrived while stopping; it is not run", key.ToString());
        }
    }

    /// <summary>Waits until no turn is queued or running (tests).</summary>
    public Task WaitIdleAsync(CancellationToken cancellationToken) => _conversations.WaitIdleAsync(cancellationToken);

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
        if (!await _conversations.StopAsync(cancellationToken))
        {
            logger.LogWarning("Stopped with Bot Connector turns still running; their replies may not have been sent");
        }
    }

    private async Task RunAsync(ConversationKey key, Activity activity, ReplyTarget target, CancellationToken stopping)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["ConversationKey"] = key.ToString() });
        try
        {
            // The turn's state and transcript in one commit, before its replies are posted.
            var replies = await turns.ProcessCommittedAsync(key, activity, commits, stopping);
            foreach (var reply in replies)
            {
                // One at a time, so they arrive in order; after a failure the rest would arrive out of context.
                await connector.SendAsync(target, BotConnectorActivities.ToConnectorReply(reply, activity), stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            logger.LogWarning("A Bot Connector turn was cut short by the shutdown");
        }
        catch (Exception e)
        {
            logger.LogError(e, "A Bot Connector turn could not be completed; its remaining replies were not sent");
        }
    }
}
