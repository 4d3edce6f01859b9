using System.Globalization;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Hosting;

namespace Assistant.Web.TeamQuestions;

/// <summary>
/// Brings the team's replies back into the conversations the questions came from: Telegram through the channel's own
/// paced, retrying sender (a blocked bot is marked on the chat and the reply is not retried), web chat as a bot activity
/// appended to the same Direct Line conversation (streamed at once to an open page, read on the next visit otherwise).
/// The store is the queue: a reply is claimed before it is sent, so two instances never both send it, and a claim left
/// behind by an instance that stopped is taken over after <see cref="ClaimTimeout"/>. A restart loses nothing.
/// </summary>
public sealed class TeamReplyDelivery(
    ITeamQuestionStore questions,
    WakeSignal<TeamReplyDelivery> signal,
    IServiceProvider services,
    Func<TextCatalog> texts,
    BotIdentity bot,
    TimeProvider clock,
    ILogger<TeamReplyDelivery> logger) : PolledDelivery(signal, logger)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);
    private const int Batch = 20;

    protected override string Work => "Delivering the team's replies";

    /// <summary>Sends every reply that is due; returns how many reached their conversation.</summary>
    public override async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var delivered = 0;
        foreach (var due in await questions.ListUndeliveredAsync(clock.GetUtcNow() - ClaimTimeout, Batch, cancellationToken))
        {
            var claim = due with { Delivery = TeamDelivery.Sending, DeliveryAt = clock.GetUtcNow() };
            if (!await questions.UpdateAsync(claim, due.Version, cancellationToken))
            {
                continue;   // Another instance took it, or the desk changed it a moment ago.
            }

            claim = claim with { Version = due.Version + 1 };
            var outcome = await SendAsync(claim, cancellationToken);
            if (outcome == TeamDelivery.Delivered)
            {
                delivered++;
            }

            if (!await questions.UpdateAsync(claim with { Delivery = outcome, DeliveryAt = clock.GetUtcNow() }, claim.Version, CancellationToken.None))
            {
                logger.LogWarning("Team question {Reference} changed while its reply was being sent", claim.Reference);
            }
        }

        return delivered;
    }

    private async Task<TeamDelivery> SendAsync(TeamQuestion question, CancellationToken cancellationToken)
    {
        var activity = TeamReplyMessage.Compose(question, texts(), bot);
        switch (question.Channel)
        {
            case ChannelIds.DirectLine:
                return await SendToDirectLineAsync(question, activity, cancellationToken);
            case ChannelIds.Telegram when services.GetService<TelegramReplyWriter>() is { } writer:
                return await SendToTelegramAsync(question, activity, writer, cancellationToken);
            default:
                logger.LogWarning("The reply to team question {Reference} cannot go back to its channel {Channel}", question.Reference, question.Channel);
                return TeamDelivery.Failed;
        }
    }

    private async Task<TeamDelivery> SendToDirectLineAsync(TeamQuestion question, Activity activity, CancellationToken cancellationToken)
    {
        var log = services.GetRequiredService<IActivityLogStore>();
        var conversationId = question.ConversationId;
        if (await log.GetConversationAsync(conversationId, cancellationToken) is not { } conversation)
        {
            logger.LogWarning("The Direct Line conversation of team question {Reference} is gone", question.Reference);
            return TeamDelivery.Failed;
        }

        activity.ChannelId = ChannelIds.DirectLine;
        activity.Recipient = new ChannelAccount { Id = conversation.UserId, Role = "user" };
        await log.AppendOutboundAsync(conversationId, [activity], cancellationToken);
        services.GetRequiredService<StreamHub>().Notify(conversationId);
        return TeamDelivery.Delivered;
    }

    private async Task<TeamDelivery> SendToTelegramAsync(TeamQuestion question, Activity activity, TelegramReplyWriter writer,
        CancellationToken cancellationToken)
    {
        if (!long.TryParse(question.ConversationId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return TeamDelivery.Failed;
        }

        var chats = services.GetRequiredService<TelegramChatStore>();
        var session = await chats.OpenAsync(chatId, cancellationToken);
        var blockedBefore = session.Chat.BlockedAt;
        activity.ChannelId = ChannelIds.Telegram;
        try
        {
            await writer.DeliverAsync(session, [activity], null, cancellationToken);
        }
        finally
        {
            // The keyboard sent (its buttons answer the reply) or the block, recorded on the chat.
            await chats.SaveAsync(session, CancellationToken.None);
        }

        if (session.Chat.BlockedAt is not null && session.Chat.BlockedAt != blockedBefore)
        {
            logger.LogInformation("Telegram chat of team question {Reference} has blocked the bot; the reply was not delivered", question.Reference);
            return TeamDelivery.Blocked;
        }

        return TeamDelivery.Delivered;
    }
}
