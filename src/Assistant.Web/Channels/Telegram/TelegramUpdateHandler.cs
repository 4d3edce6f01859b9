using System.Globalization;
using Assistant.Core.Conversation;
using Assistant.Core.Language;
using Assistant.Core.Turns;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Handles one Telegram update: maps it to a channel-neutral activity, runs the turn, and renders the replies — or, for
/// what the turn pipeline does not take (non-text, edits, membership changes), answers or records it here.
/// </summary>
public sealed class TelegramUpdateHandler(
    TurnProcessor turns,
    TelegramSender sender,
    TelegramReplyWriter writer,
    TelegramChatStore chats,
    Func<TextCatalog> texts,
    TelegramBotProfile profile,
    TimeProvider clock,
    ILogger<TelegramUpdateHandler> logger)
{
    public const string Channel = ChannelIds.Telegram;

    public static string ActivityIdOf(long updateId) => "tg-" + updateId.ToString(CultureInfo.InvariantCulture);

    public Task HandleAsync(Update update, CancellationToken cancellationToken) => update switch
    {
        _ when TelegramUpdates.LacksChat(update) => IgnoreAsync(update),
        { Message: { } message } => OnMessageAsync(update.Id, message, cancellationToken),
        { EditedMessage: { } edited } => OnEditedAsync(edited, cancellationToken),
        { CallbackQuery: { } query } => OnCallbackAsync(update.Id, query, cancellationToken),
        { MyChatMember: { } member } => OnMembershipAsync(member, cancellationToken),
        _ => Task.CompletedTask,
    };

    private Task IgnoreAsync(Update update)
    {
        logger.LogWarning("Telegram update {UpdateId} ({Type}) has no chat; ignored", update.Id, update.Type);
        return Task.CompletedTask;
    }

    private async Task OnMessageAsync(long updateId, Message message, CancellationToken cancellationToken)
    {
        // Anonymous group admins, channels speaking in groups and other bots are not people to talk to.
        if (message.From is not { IsBot: false } from)
        {
            return;
        }

        var isPrivate = message.Chat.Type == ChatType.Private;
        if (message.Text is not null)
        {
            var text = isPrivate ? message.Text : TelegramUpdates.AddressedText(message, profile.Username, profile.BotId);
            if (text is not null)
            {
                var session = await chats.OpenAsync(message.Chat.Id, cancellationToken);
                await RunTurnAsync(updateId, session, message.Chat, from, text, message.Date, pressedMessageId: null, cancellationToken);
            }

            return;
        }

        if (isPrivate && TelegramUpdates.NotTextKey(message) is { } key)
        {
            await SayAsync(message.Chat.Id, from, key, cancellationToken);
        }
    }

    private async Task OnEditedAsync(Message edited, CancellationToken cancellationToken)
    {
        if (edited.Chat.Type == ChatType.Private && edited.From is { IsBot: false } from)
        {
            await SayAsync(edited.Chat.Id, from, "telegram.edited", cancellationToken);
        }
    }

    private async Task OnCallbackAsync(long updateId, CallbackQuery query, CancellationToken cancellationToken)
    {
        if (query.Message is not { } message)
        {
            // A button on a message sent in inline mode: not ours.
            await sender.AnswerCallbackAsync(query.Id, null, cancellationToken);
            return;
        }

        var chatId = message.Chat.Id;
        var session = await chats.OpenAsync(chatId, cancellationToken);
        var value = session.Chat.Keyboard?.Resolve(message.Id, query.Data);
        if (value is null)
        {
            var language = await LanguageAsync(chatId, query.From, cancellationToken);
            await sender.AnswerCallbackAsync(query.Id, texts().Get(language, "telegram.button-expired"), cancellationToken);
            await sender.RemoveKeyboardAsync(chatId, message.Id, cancellationToken);
            return;
        }

        await sender.AnswerCallbackAsync(query.Id, null, cancellationToken);
        session.Change(c =>
        {
            if (c.Keyboard?.MessageId == message.Id)
            {
                c.Keyboard.Used = true;
            }
        });
        await RunTurnAsync(updateId, session, message.Chat, query.From, value, clock.GetUtcNow().UtcDateTime, message.Id, cancellationToken);
    }

    private async Task OnMembershipAsync(ChatMemberUpdated update, CancellationToken cancellationToken)
    {
        var status = update.NewChatMember.Status;
        logger.LogInformation("Telegram chat {ChatId} ({ChatType}): the bot is now {Status} (was {OldStatus})",
            update.Chat.Id, update.Chat.Type, status, update.OldChatMember.Status);
        await chats.UpdateAsync(update.Chat.Id, chat =>
        {
            chat.MemberStatus = status.ToString().ToLowerInvariant();
            chat.MemberStatusAt = new DateTimeOffset(DateTime.SpecifyKind(update.Date, DateTimeKind.Utc));
            chat.BlockedAt = status is ChatMemberStatus.Kicked or ChatMemberStatus.Left ? chat.MemberStatusAt : null;
        }, cancellationToken);
    }

    /// <summary>Runs the turn and delivers its replies; the chat document, read once for the update, is saved once.</summary>
    private async Task RunTurnAsync(long updateId, TelegramChatSession session, Chat chat, User from, string text, DateTime date,
        int? pressedMessageId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var firstContact = session.Chat.FirstSeen is null;
        if (firstContact || session.Chat.BlockedAt is not null)
        {
            // Writing to the bot again means it is not blocked (any more).
            session.Change(c =>
            {
                c.FirstSeen ??= now;
                c.BlockedAt = null;
            });
        }

        var chatId = chat.Id.ToString(CultureInfo.InvariantCulture);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = ActivityIdOf(updateId),
            Timestamp = new DateTimeOffset(DateTime.SpecifyKind(date, DateTimeKind.Utc)),
            ChannelId = Channel,
            From = new ChannelAccount { Id = from.Id.ToString(CultureInfo.InvariantCulture), Name = from.FirstName, Role = "user" },
            Recipient = new ChannelAccount { Id = profile.BotId.ToString(CultureInfo.InvariantCulture), Role = "bot" },
            Conversation = new ConversationAccount { Id = chatId, IsGroup = chat.Type == ChatType.Private ? null : true },
            Text = text,
            TextFormat = "plain",
            Locale = firstContact ? TelegramUpdates.LocaleOf(from.LanguageCode) : null,
        };

        try
        {
            IReadOnlyList<Activity> replies;
            await using (TelegramTyping.Start(sender, chat.Id, cancellationToken))
            {
                replies = await turns.ProcessAsync(new ConversationKey(Channel, chatId), activity, cancellationToken);
            }

            await writer.DeliverAsync(session, replies, pressedMessageId, cancellationToken);
        }
        finally
        {
            // Also when the turn failed: first contact and the keyboards already sent stay recorded.
            await chats.SaveAsync(session, CancellationToken.None);
        }
    }

    /// <summary>A fixed sentence from <c>telegram.*</c> texts, in the user's language, without running a turn.</summary>
    private async Task SayAsync(long chatId, User from, string key, CancellationToken cancellationToken)
    {
        var language = await LanguageAsync(chatId, from, cancellationToken);
        var result = await sender.SendMessageAsync(chatId, TelegramHtml.FromMarkdown(texts().Get(language, key)), null, cancellationToken);
        if (result.Status == TelegramSendStatus.Blocked)
        {
            await chats.UpdateAsync(chatId, c => c.BlockedAt ??= clock.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>The language the turn pipeline would answer in (the rule lives in Core).</summary>
    private Task<string> LanguageAsync(long chatId, User? user, CancellationToken cancellationToken) =>
        turns.ReplyLanguageAsync(new ConversationKey(Channel, chatId.ToString(CultureInfo.InvariantCulture)),
            user?.Id.ToString(CultureInfo.InvariantCulture), TelegramUpdates.LocaleOf(user?.LanguageCode), cancellationToken);
}
