using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Announcements;

/// <summary>
/// An announcement as each channel would get it in one language, for the desk to show before sending: the Telegram
/// messages as the channel's own renderer makes them (escaped text, its few tags, safe links only) with their buttons,
/// and the Markdown text and buttons Web Chat receives.
/// </summary>
public sealed record AnnouncementPreview(
    IReadOnlyList<(string Html, IReadOnlyList<string> Buttons)> Telegram,
    string WebChatMarkdown,
    IReadOnlyList<string> WebChatButtons)
{
    public static AnnouncementPreview Of(Announcement announcement, string language, TextCatalog texts, BotIdentity bot)
    {
        var activity = AnnouncementMessage.Compose(announcement, language, texts, bot);
        var telegram = TelegramRenderer.Render(activity)
            .Select(m => (m.Html, (IReadOnlyList<string>)m.Keyboard.SelectMany(row => row).Select(b => b.Title).ToList())).ToList();
        return new AnnouncementPreview(telegram, activity.Text ?? "",
            activity.SuggestedActions?.Actions.Select(a => a.Title ?? "").ToList() ?? []);
    }
}
