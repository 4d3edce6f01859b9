namespace Assistant.Web.Channels.Telegram;

/// <summary>An inline-keyboard button: a choice whose <see cref="Value"/> the user "says" when pressing it, or a link.</summary>
public sealed record TelegramButton(string Title, string? Value, string? Url = null)
{
    public bool IsChoice => Url is null;
}
