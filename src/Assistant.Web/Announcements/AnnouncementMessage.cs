namespace Assistant.Web.Announcements;

/// <summary>
/// The announcement as a subscriber sees it: the staff's text in the subscriber's language (Markdown, rendered by each
/// channel's own renderer), why they get it and how to stop, and the button that starts the survey, if there is one.
/// </summary>
public static class AnnouncementMessage
{
    public static Activity Compose(Announcement announcement, string language, TextCatalog texts, BotIdentity bot)
    {
        var lang = language == "en" ? "en" : "bg";
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = announcement.Text(lang) + "\n\n_" + texts.Format(lang, "announcement.footer",
                ("topic", texts.Get(lang, "subscriptions.topic." + announcement.Topic))) + "_",
            TextFormat = "markdown",
            Locale = Lang.ToLocale(lang),
            From = new ChannelAccount { Id = bot.Id, Name = texts.Get(lang, "bot.name"), Role = "bot" },
            InputHint = "acceptingInput",
        };
        if (announcement.SurveyId is { } survey)
        {
            activity.SuggestedActions = new SuggestedActions
            {
                Actions = [CardAction.ImBack(texts.Get(lang, "announcement.start-survey"), "/start " + survey)],
            };
        }

        return activity;
    }
}
