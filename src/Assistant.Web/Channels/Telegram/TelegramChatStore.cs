using System.Globalization;
using System.Text.Json;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;

namespace Assistant.Web.Channels.Telegram;

/// <summary>Chat documents in the state store, changed read-modify-write with eTags (a conflict re-reads and re-applies).</summary>
public sealed class TelegramChatStore(IStateStore state)
{
    private const int MaxAttempts = 3;

    public static string Key(long chatId) => ChannelIds.TelegramChatKey(chatId.ToString(CultureInfo.InvariantCulture));

    public async Task<TelegramChat> LoadAsync(long chatId, CancellationToken cancellationToken)
    {
        var entry = await state.ReadAsync(Key(chatId), cancellationToken);
        return Deserialize(entry);
    }

    /// <summary>Applies <paramref name="change"/> and saves; returns the chat as saved.</summary>
    public async Task<TelegramChat> UpdateAsync(long chatId, Action<TelegramChat> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entry = await state.ReadAsync(Key(chatId), cancellationToken);
            var chat = Deserialize(entry);
            change(chat);
            var json = JsonSerializer.Serialize(chat, DialogJson.Options);
            if (entry?.Json == json)
            {
                return chat;
            }

            try
            {
                await state.WriteAsync(Key(chatId), json, entry?.ETag, cancellationToken);
                return chat;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
            }
        }
    }

    private static TelegramChat Deserialize(StateEntry? entry) =>
        entry is null ? new TelegramChat() : JsonSerializer.Deserialize<TelegramChat>(entry.Json, DialogJson.Options) ?? new TelegramChat();
}
