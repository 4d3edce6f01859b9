using System.Globalization;
using System.Text.Json;

namespace Assistant.Web.Channels.Telegram;

/// <summary>Chat documents in the state store, changed with eTags (a conflict re-reads and re-applies the changes).</summary>
public sealed class TelegramChatStore(IStateStore state)
{
    private const int MaxConflictRetries = 3;

    public static string Key(long chatId) => ChannelIds.TelegramChatKey(chatId.ToString(CultureInfo.InvariantCulture));

    public async Task<TelegramChat> LoadAsync(long chatId, CancellationToken cancellationToken) =>
        Deserialize(await state.ReadAsync(Key(chatId), cancellationToken));

    /// <summary>Reads the chat once for a whole update; change it through the session and <see cref="SaveAsync"/> once.</summary>
    public async Task<TelegramChatSession> OpenAsync(long chatId, CancellationToken cancellationToken)
    {
        var entry = await state.ReadAsync(Key(chatId), cancellationToken);
        return new TelegramChatSession(chatId, Deserialize(entry), entry);
    }

    /// <summary>Writes the session's changes, if any: against the version read, or re-applied to a newer one.</summary>
    public async Task SaveAsync(TelegramChatSession session, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(session.Chat, DialogJson.Options);
        if (session.Read?.Json == json)
        {
            return;
        }

        try
        {
            await state.WriteAsync(Key(session.ChatId), json, session.Read?.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            await UpdateAsync(session.ChatId, chat => session.ReplayOn(chat), cancellationToken);
        }
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
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
            }
        }
    }

    private static TelegramChat Deserialize(StateEntry? entry) =>
        entry is null ? new TelegramChat() : JsonSerializer.Deserialize<TelegramChat>(entry.Json, DialogJson.Options) ?? new TelegramChat();
}
