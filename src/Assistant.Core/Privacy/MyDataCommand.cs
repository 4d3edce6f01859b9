using System.Globalization;
using System.Text;
using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Surveys;
using Assistant.Core.TeamQuestions;

namespace Assistant.Core.Privacy;

/// <summary>"/mydata": what is stored about this participant, and the key staff can look them up by.</summary>
public sealed class MyDataCommand(IPrivacyStore data, ISurveySource surveys, ITeamQuestionStore teamQuestions) : IGlobalCommand
{
    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "mydata", "my data", "моите данни", "данните ми",
        "какво знаете за мен", "какво пазите за мен", "what do you store about me", "what do you know about me");

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (turn.ParticipantKey is not { } key)
        {
            turn.Reply(turn.T("privacy.no-key"));
            return;
        }

        var stored = await data.ExportAsync(key, cancellationToken);
        var text = new StringBuilder();
        text.AppendLine(turn.T("privacy.mydata-title", ("key", key)));
        text.AppendLine();
        text.AppendLine(turn.T("privacy.mydata-conversations", ("count", stored.Conversations.Count), ("entries", stored.TranscriptEntries)));
        if (stored.Consents.Count == 0 && stored.Responses.Count == 0)
        {
            text.AppendLine(turn.T("privacy.mydata-no-surveys"));
        }

        foreach (var consent in stored.Consents)
        {
            text.AppendLine(turn.T("privacy.mydata-consent", ("survey", Title(consent.SurveyId, turn.Language)),
                ("version", consent.ConsentVersion), ("date", Date(consent.At))));
        }

        foreach (var (response, answers) in stored.Responses)
        {
            text.AppendLine();
            text.AppendLine(turn.T("privacy.mydata-response", ("survey", Title(response.SurveyId, turn.Language)),
                ("status", turn.T("privacy.status." + response.Status.ToString().ToLowerInvariant())), ("date", Date(response.StartedAt))));
            var survey = surveys.Current.Find(response.SurveyId);
            foreach (var answer in answers)
            {
                var question = survey?.Find(answer.QuestionId)?.Text.Get(turn.Language) ?? answer.QuestionId;
                text.AppendLine($"• {question}: {Describe(SurveyAnswerValue.FromJson(answer.ValueJson), survey?.Find(answer.QuestionId), turn)}");
            }
        }

        var conversations = stored.Conversations.Select(c => c.ConversationKey).Append(turn.Key.ToString()).Distinct().ToList();
        foreach (var question in await teamQuestions.ListForConversationsAsync(conversations, cancellationToken))
        {
            text.AppendLine();
            text.AppendLine(turn.T("team.mydata-question", ("reference", question.Reference), ("date", Date(question.AskedAt)),
                ("status", turn.T("team.status." + TeamStatusName(question.Status)))));
            text.AppendLine($"„{question.Text}“");
            if (question.Email is { } email)
            {
                text.AppendLine(turn.T("team.mydata-email", ("email", email)));
            }

            if (question.Reply is { } teamReply && question.IsClosed)
            {
                text.AppendLine(turn.T("team.mydata-reply", ("reply", teamReply)));
            }
        }

        text.AppendLine();
        text.AppendLine(stored.Subscriptions is { Count: > 0 } subscriptions
            ? turn.T("privacy.mydata-subscriptions", ("topics", string.Join(", ", subscriptions.Select(s =>
                $"{turn.T("subscriptions.topic." + s.Topic)} ({s.Language}, {Date(s.SubscribedAt)})"))))
            : turn.T("privacy.mydata-no-subscriptions"));
        text.AppendLine();
        text.Append(turn.T("privacy.mydata-forget-hint"));
        // Plain text: the participant's own answers are quoted back and must never render as Markdown or HTML.
        var reply = turn.ReplyPlain(text.ToString());
        if (dc.ActiveFrame is not null)
        {
            await dc.RepromptAsync(cancellationToken);
        }
        else
        {
            // Somewhere to go from here: the menu's buttons under the list, without another message.
            reply.SuggestedActions = new SuggestedActions { Actions = MainMenu.Items(turn).ToList() };
            reply.InputHint = "expectingInput";
        }
    }

    private static string TeamStatusName(TeamQuestionStatus status) => status switch
    {
        TeamQuestionStatus.Open => "open",
        TeamQuestionStatus.Answered => "answered",
        TeamQuestionStatus.NotOurRemit => "not-our-remit",
        _ => "duplicate",
    };

    private string Title(string surveyId, string lang) => surveys.Current.Find(surveyId)?.Title.Get(lang) ?? surveyId;

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(SurveyAnswerValue value, SurveyQuestion? question, TurnContext turn)
    {
        string Option(string id) => id == SurveyAnswerValue.OtherOptionId
            ? turn.T("survey.other")
            : id is "yes" or "no" && question?.Type == QuestionType.YesNo
                ? turn.T("survey." + id)
                : question?.Options.FirstOrDefault(o => o.Id == id)?.Text.Get(turn.Language) ?? id;

        if (value.Skipped == true)
        {
            return turn.T("privacy.skipped");
        }

        var parts = new List<string>();
        if (value.Option is { } option)
        {
            parts.Add(Option(option));
        }

        if (value.Options is { } options)
        {
            parts.Add(string.Join(", ", options.Select(Option)));
        }

        if (value.Other is { } other)
        {
            parts.Add($"„{other}“");
        }

        if (value.Value is { } number)
        {
            parts.Add(number.ToString(CultureInfo.InvariantCulture));
        }

        if (value.Text is { } text)
        {
            parts.Add($"„{text}“");
        }

        return string.Join(" ", parts);
    }
}
