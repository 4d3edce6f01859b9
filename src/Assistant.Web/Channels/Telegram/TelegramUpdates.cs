using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Assistant.Web.Channels.Telegram;

/// <summary>Reading Telegram updates: which chat they belong to, whether a group message is meant for the bot, what kind of non-text it is.</summary>
public static class TelegramUpdates
{
    /// <summary>The update kinds the channel asks for (<c>allowed_updates</c>).</summary>
    public static readonly UpdateType[] Allowed =
        [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.MyChatMember];

    /// <summary>The chat the update belongs to; null for kinds without one, and for a malformed update that lacks it.</summary>
    public static long? ChatIdOf(Update update) => update switch
    {
        { Message.Chat: { } c } => c.Id,
        { EditedMessage.Chat: { } c } => c.Id,
        { CallbackQuery.Message.Chat: { } c } => c.Id,
        { MyChatMember.Chat: { } c } => c.Id,
        { ChannelPost.Chat: { } c } => c.Id,
        { EditedChannelPost.Chat: { } c } => c.Id,
        _ => null,
    };

    /// <summary>A message, edit, button press or membership change without its chat: nothing to answer, nowhere to answer it.</summary>
    public static bool LacksChat(Update update) =>
        (update.Message ?? update.EditedMessage ?? update.CallbackQuery?.Message) is { Chat: null }
        || update.MyChatMember is { Chat: null };

    /// <summary>Bulgarian users get Bulgarian, everyone else English (the first-contact language).</summary>
    public static string? LocaleOf(string? languageCode) =>
        string.IsNullOrWhiteSpace(languageCode) ? null
        : languageCode.StartsWith("bg", StringComparison.OrdinalIgnoreCase) ? "bg-BG" : "en-US";

    /// <summary>
    /// The text of a group message when it is meant for the bot — a command (to all bots or to this one), a message that
    /// mentions it, or a reply to one of its messages — with the mention taken out; null when it is not.
    /// </summary>
    public static string? AddressedText(Message message, string? botUsername, long botId)
    {
        var text = message.Text ?? "";
        var entities = message.Entities ?? [];
        if (entities.FirstOrDefault(e => e.Type == MessageEntityType.BotCommand && e.Offset == 0) is { } command)
        {
            var word = text.Substring(0, Math.Min(command.Length, text.Length));
            var at = word.IndexOf('@', StringComparison.Ordinal);
            return at < 0 || string.Equals(word[(at + 1)..], botUsername, StringComparison.OrdinalIgnoreCase) ? text : null;
        }

        if (botUsername is not null)
        {
            foreach (var mention in entities.Where(e => e.Type == MessageEntityType.Mention))
            {
                if (mention.Offset + mention.Length <= text.Length
                    && string.Equals(text.Substring(mention.Offset, mention.Length), "@" + botUsername, StringComparison.OrdinalIgnoreCase))
                {
                    var rest = (text[..mention.Offset] + text[(mention.Offset + mention.Length)..]).Trim().TrimStart(',', ':').Trim();
                    // Only the name: they want to know what the bot is for.
                    return rest.Length == 0 ? "/help" : rest;
                }
            }
        }

        return message.ReplyToMessage?.From?.Id == botId ? text : null;
    }

    /// <summary>The text key of the reply to something that is not text; null for service messages (nothing to answer).</summary>
    public static string? NotTextKey(Message message)
    {
        if (message.IsServiceMessage)
        {
            return null;
        }

        return message.Type switch
        {
            MessageType.Sticker => "telegram.not-text.sticker",
            MessageType.Photo or MessageType.Video or MessageType.Animation or MessageType.Document or MessageType.Audio
                or MessageType.PaidMedia or MessageType.LivePhoto => "telegram.not-text.media",
            MessageType.Voice or MessageType.VideoNote => "telegram.not-text.voice",
            MessageType.Location or MessageType.Venue => "telegram.not-text.location",
            MessageType.Contact => "telegram.not-text.contact",
            _ => "telegram.not-text.other",
        };
    }
}
