using Assistant.Core.Activities;
using Telegram.Bot.Types.ReplyMarkups;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Sends a turn's replies to a chat in order, rendered by <see cref="TelegramRenderer"/>, and keeps the chat's live
/// keyboard record: each keyboard sent becomes the one whose buttons count.
/// </summary>
public sealed class TelegramReplyWriter(TelegramSender sender, TelegramChatStore chats, TimeProvider clock)
{
    /// <summary>
    /// Sends the replies in order. The pressed keyboard comes off first, unless a reply replaces that very message
    /// (<c>updatesPrevious</c>: a multiple-choice toggle edited in place). Each keyboard sent is recorded as the live one.
    /// </summary>
    public async Task DeliverAsync(long chatId, IReadOnlyList<Activity> replies, int? pressedMessageId,
        CancellationToken cancellationToken)
    {
        var messages = replies.SelectMany(r => TelegramRenderer.Render(r)).ToList();
        var chat = await chats.LoadAsync(chatId, cancellationToken);
        var pressedIsReplaced = pressedMessageId is not null && chat.Keyboard?.MessageId == pressedMessageId
            && messages.Any(m => m.UpdatesPrevious);
        if (pressedMessageId is { } pressed && !pressedIsReplaced)
        {
            await sender.RemoveKeyboardAsync(chatId, pressed, cancellationToken);
        }

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
                await chats.UpdateAsync(chatId, c => c.BlockedAt ??= clock.GetUtcNow(), cancellationToken);
                return;
            }

            if (result.Sent && message.HasKeyboard)
            {
                var keyboard = new TelegramKeyboard
                {
                    MessageId = result.MessageId,
                    Serial = serial,
                    Values = message.Choices.Select(b => b.Value ?? b.Title).ToList(),
                };
                chat = await chats.UpdateAsync(chatId, c => c.Keyboard = keyboard, cancellationToken);
            }
        }
    }

    private static InlineKeyboardMarkup Markup(TelegramOutgoingMessage message, int serial)
    {
        var index = 0;
        return new InlineKeyboardMarkup(message.Keyboard.Select(row => row.Select(button => button.IsChoice
            ? InlineKeyboardButton.WithCallbackData(button.Title, TelegramKeyboard.CallbackData(serial, index++))
            : InlineKeyboardButton.WithUrl(button.Title, button.Url!)).ToList()).ToList());
    }

}
