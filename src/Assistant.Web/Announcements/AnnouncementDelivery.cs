using System.Globalization;
using System.Text.Json;
using Assistant.Core.Subscriptions;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Hosting;

namespace Assistant.Web.Announcements;

/// <summary>
/// Sends announcements whose time has come. First the audience is written down: every subscriber of the topic at that
/// moment becomes a pending recipient (written again after a restart, which adds nobody twice). Then each recipient is
/// claimed before its message goes and marked sent, failed or blocked after: Telegram through the channel's paced,
/// retrying sender (about 30 messages a second overall, one a second per chat, Telegram's <c>retry_after</c> honoured; a
/// chat that blocked the bot is marked on the chat and skipped), web chat as a bot activity appended to the subscriber's
/// Direct Line conversation (streamed at once to an open page, read on the next visit otherwise).
/// A claim never goes back to pending: one left by an instance that stopped mid-send is marked failed after
/// <see cref="ClaimTimeout"/>, so nobody gets the same announcement twice. A send in progress is finished before the
/// service stops.
/// </summary>
public sealed class AnnouncementDelivery(
    IAnnouncementStore announcements,
    ISubscriptionStore subscriptions,
    IAuditLogStore audit,
    WakeSignal<AnnouncementDelivery> signal,
    IServiceProvider services,
    Func<TextCatalog> texts,
    BotIdentity bot,
    TimeProvider clock,
    ILogger<AnnouncementDelivery> logger) : PolledDelivery(signal, logger)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The name the delivery's audit entries carry as their actor.</summary>
    public const string AuditActor = "announcements";

    /// <summary>Sends in flight at once; the Telegram pacing keeps them within the channel's limits.</summary>
    public const int Parallel = 8;

    private const int Page = 100;

    protected override string Work => "Sending announcements";

    /// <summary>Sends every announcement that is due to every recipient still pending; returns how many messages went.</summary>
    public override async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await announcements.FailStaleClaimsAsync(clock.GetUtcNow() - ClaimTimeout, clock.GetUtcNow(), cancellationToken);
        var sent = 0;
        foreach (var announcement in await announcements.ListDueAsync(clock.GetUtcNow(), 10, cancellationToken))
        {
            if (announcement.State == AnnouncementState.Scheduled)
            {
                await ListAudienceAsync(announcement, cancellationToken);
            }

            sent += await SendPendingAsync(announcement, cancellationToken);
            var counts = await announcements.CountAsync(announcement.Id, cancellationToken);
            if (counts.Pending == 0 && counts.Sending == 0)
            {
                await announcements.SetStateAsync(announcement.Id, AnnouncementState.Done, cancellationToken);
                await audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), AuditActor, "announcement.done", announcement.Id.ToString(),
                    JsonSerializer.Serialize(new { counts.Sent, counts.Failed, counts.Blocked })), cancellationToken);
            }
        }

        return sent;
    }

    private async Task ListAudienceAsync(Announcement announcement, CancellationToken cancellationToken)
    {
        string? after = null;
        while (true)
        {
            var page = await subscriptions.ListSubscribersAsync(announcement.Topic, after, Page, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }

            var now = clock.GetUtcNow();
            await announcements.AddRecipientsAsync(announcement.Id, page.Select(s => new AnnouncementRecipient(announcement.Id,
                s.ParticipantKey, s.Channel, s.Address, s.Language, RecipientState.Pending, now)).ToList(), cancellationToken);
            after = page[^1].ParticipantKey;
        }

        await announcements.SetStateAsync(announcement.Id, AnnouncementState.Sending, cancellationToken);
        await audit.AppendAsync(new AuditEntry(clock.GetUtcNow(), AuditActor, "announcement.send", announcement.Id.ToString(),
            JsonSerializer.Serialize(new { topic = announcement.Topic, recipients = (await announcements.CountAsync(announcement.Id, cancellationToken)).Total })),
            cancellationToken);
    }

    private async Task<int> SendPendingAsync(Announcement announcement, CancellationToken stoppingToken)
    {
        var sent = 0;
        while (true)
        {
            var pending = await announcements.ListPendingAsync(announcement.Id, Page, stoppingToken);
            if (pending.Count == 0)
            {
                return sent;
            }

            // Stopping ends the loop between sends; a claimed send is carried through and recorded.
            await System.Threading.Tasks.Parallel.ForEachAsync(pending,
                new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = stoppingToken }, async (recipient, token) =>
                {
                    // Past the check, the claim, the send and its record go through together: a graceful stop leaves no claim behind.
                    token.ThrowIfCancellationRequested();
                    if (!await announcements.TryClaimAsync(announcement.Id, recipient.ParticipantKey, clock.GetUtcNow(), CancellationToken.None))
                    {
                        return;   // Another instance has it.
                    }

                    var outcome = await SendAsync(announcement, recipient);
                    await announcements.CompleteAsync(announcement.Id, recipient.ParticipantKey, outcome, clock.GetUtcNow(), CancellationToken.None);
                    if (outcome == RecipientState.Sent)
                    {
                        Interlocked.Increment(ref sent);
                    }
                });
        }
    }

    private async Task<RecipientState> SendAsync(Announcement announcement, AnnouncementRecipient recipient)
    {
        try
        {
            var activity = AnnouncementMessage.Compose(announcement, recipient.Language, texts(), bot);
            return recipient.Channel switch
            {
                ChannelIds.DirectLine => await SendToDirectLineAsync(recipient, activity),
                ChannelIds.Telegram when services.GetService<TelegramReplyWriter>() is { } writer =>
                    await SendToTelegramAsync(recipient, activity, writer),
                _ => RecipientState.Failed,
            };
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Announcement {Id} could not reach a {Channel} recipient", announcement.Id, recipient.Channel);
            return RecipientState.Failed;
        }
    }

    private async Task<RecipientState> SendToDirectLineAsync(AnnouncementRecipient recipient, Activity activity)
    {
        var log = services.GetRequiredService<IActivityLogStore>();
        if (await log.GetConversationAsync(recipient.Address, CancellationToken.None) is not { } conversation)
        {
            return RecipientState.Failed;
        }

        activity.ChannelId = ChannelIds.DirectLine;
        activity.Recipient = new ChannelAccount { Id = conversation.UserId, Role = "user" };
        await log.AppendOutboundAsync(recipient.Address, [activity], CancellationToken.None);
        services.GetRequiredService<StreamHub>().Notify(recipient.Address);
        return RecipientState.Sent;
    }

    private async Task<RecipientState> SendToTelegramAsync(AnnouncementRecipient recipient, Activity activity, TelegramReplyWriter writer)
    {
        if (!long.TryParse(recipient.Address, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return RecipientState.Failed;
        }

        var chats = services.GetRequiredService<TelegramChatStore>();
        var session = await chats.OpenAsync(chatId, CancellationToken.None);
        if (session.Chat.BlockedAt is not null)
        {
            return RecipientState.Blocked;   // Known to have blocked the bot: not tried again.
        }

        activity.ChannelId = ChannelIds.Telegram;
        bool allSent;
        try
        {
            allSent = await writer.DeliverAsync(session, [activity], null, CancellationToken.None);
        }
        finally
        {
            await chats.SaveAsync(session, CancellationToken.None);
        }

        return session.Chat.BlockedAt is not null ? RecipientState.Blocked : allSent ? RecipientState.Sent : RecipientState.Failed;
    }
}
