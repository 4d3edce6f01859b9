using Telegram.Bot.Types.ReplyMarkups;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Sends a turn's replies to a chat in order, rendered by <see cref="TelegramRenderer"/>, and keeps the chat's live
/// keyboard record: each keyboard sent becomes the one whose buttons count.
/// </summary>
public sealed class TelegramReplyWriter(TelegramSender sender, TimeProvider clock)
{
    /// <summary>
    /// Sends the replies in order. The pressed keyboard comes off first, unless a reply replaces that very message
    /// (<c>updatesPrevious</c>: a multiple-choice toggle edited in place). Each keyboard sent is recorded in the
    /// update's <paramref name="session"/> as the live one; the caller saves the session. True when every message went.
    /// </summary>
    public async Task<bool> DeliverAsync(TelegramChatSession session, IReadOnlyList<Activity> replies, int? pressedMessageId,
        CancellationToken cancellationToken)
    {
        var chatId = session.ChatId;
        var chat = session.Chat;
        var messages = replies.SelectMany(r => TelegramRenderer.Render(r)).ToList();
        var pressedIsReplaced = pressedMessageId is not null && chat.Keyboard?.MessageId == pressedMessageId
            && messages.Any(m => m.UpdatesPrevious);
        if (pressedMessageId is { } pressed && !pressedIsReplaced)
        {
            await sender.RemoveKeyboardAsync(chatId, pressed, cancellationToken);
        }

        var allSent = true;
        foreach (var message in messages)
        {
            var serial = (chat.Keyboard?.Serial ?? 0) + 1;
            var markup = message.HasKeyboard ? Markup(message, serial) : null;
            TelegramSendResult result;
            if (message.UpdatesPrevious && chat.Keyboard is { } previous)
            {
                result = await sender.EditMessageTextAsync(chatId, previous.MessageId, message.Html, markup, cancellationToken);
                if (result.Status == TelegramSendStatus.Failed)
                {
                    // Too old to edit, or deleted: say it anew.
                    result = await sender.SendMessageAsync(chatId, message.Html, markup, cancellationToken);
                }
            }
            else
            {
                result = await sender.SendMessageAsync(chatId, message.Html, markup, cancellationToken);
            }

            if (result.Status == TelegramSendStatus.Blocked)
            {
                var blockedAt = clock.GetUtcNow();
                session.Change(c => c.BlockedAt ??= blockedAt);
                return false;
            }

            allSent &= result.Sent;

            if (result.Sent && message.HasKeyboard)
            {
                var keyboard = new TelegramKeyboard
                {
                    MessageId = result.MessageId,
                    Serial = serial,
                    Values = message.Choices.Select(b => b.Value ?? b.Title).ToList(),
                };
                session.Change(c => c.Keyboard = keyboard);
            }
        }

        return allSent;
    }

    private static InlineKeyboardMarkup Markup(TelegramOutgoingMessage message, int serial)
    {
        var index = 0;
        return new InlineKeyboardMarkup(message.Keyboard.Select(row => row.Select(button => button.IsChoice
            ? InlineKeyboardButton.WithCallbackData(button.Title, TelegramKeyboard.CallbackData(serial, index++))
            : InlineKeyboardButton.WithUrl(button.Title, button.Url!)).ToList()).ToList());
    }
}
