using Assistant.Core.TeamQuestions;

namespace Assistant.Web.TeamQuestions;

/// <summary>
/// The reply as the citizen sees it: what kind of answer it is, the team's text, their own question, and (the first time)
/// the two buttons to answer it once. Plain text: both the staff's and the citizen's words are shown as written, never
/// as Markdown or HTML; links stay readable and clients make them clickable.
/// </summary>
public static class TeamReplyMessage
{
    public static Activity Compose(TeamQuestion question, TextCatalog texts, BotIdentity bot)
    {
        var lang = question.Language;
        var title = question.Status switch
        {
            TeamQuestionStatus.NotOurRemit => "team.reply-not-our-remit",
            TeamQuestionStatus.Duplicate => "team.reply-duplicate",
            _ => "team.reply-title",
        };
        var text = texts.Format(lang, title, ("reference", question.Reference)) + "\n\n" + question.Reply + "\n\n"
            + texts.Format(lang, "team.reply-question", ("question", question.Text));
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Text = text,
            TextFormat = "plain",
            Locale = Lang.ToLocale(lang),
            From = new ChannelAccount { Id = bot.Id, Name = texts.Get(lang, "bot.name"), Role = "bot" },
            InputHint = "acceptingInput",
        };
        if (question.FollowUp == TeamFollowUp.None)
        {
            activity.Text += "\n\n" + texts.Get(lang, "team.reply-followup");
            activity.InputHint = "expectingInput";
            activity.SuggestedActions = new SuggestedActions
            {
                Actions =
                [
                    CardAction.ImBack(texts.Get(lang, "team.thanks"), texts.Get(lang, "team.thanks")),
                    CardAction.ImBack(texts.Get(lang, "team.not-answered"), texts.Get(lang, "team.not-answered")),
                ],
            };
        }

        return activity;
    }
}
