namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// One update's view of a chat document: read once (<see cref="TelegramChatStore.OpenAsync"/>), changed in memory while
/// the update is handled, saved once (<see cref="TelegramChatStore.SaveAsync"/>). The changes are kept so that a
/// concurrent write (another instance) can be answered by re-applying them to the newer document.
/// </summary>
public sealed class TelegramChatSession(long chatId, TelegramChat chat, StateEntry? read)
{
    private readonly List<Action<TelegramChat>> _changes = [];

    public long ChatId => chatId;

    /// <summary>The chat with every change so far applied.</summary>
    public TelegramChat Chat => chat;

    /// <summary>The document as it was read (null: the chat had none yet).</summary>
    public StateEntry? Read => read;

    public void Change(Action<TelegramChat> change)
    {
        change(chat);
        _changes.Add(change);
    }

    internal void ReplayOn(TelegramChat newer)
    {
        foreach (var change in _changes)
        {
            change(newer);
        }
    }
}
