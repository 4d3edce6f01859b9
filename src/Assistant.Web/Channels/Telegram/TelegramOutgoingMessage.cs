namespace Assistant.Web.Channels.Telegram;

/// <summary>One Telegram message to send: HTML text, the rows of its inline keyboard, and whether it replaces the previous keyboard message.</summary>
public sealed record TelegramOutgoingMessage(string Html, IReadOnlyList<IReadOnlyList<TelegramButton>> Keyboard, bool UpdatesPrevious)
{
    public bool HasKeyboard => Keyboard.Count > 0;

    /// <summary>The choice buttons in keyboard order; a button's index here is its number in the callback data.</summary>
    public IReadOnlyList<TelegramButton> Choices => Keyboard.SelectMany(row => row).Where(b => b.IsChoice).ToList();
}
