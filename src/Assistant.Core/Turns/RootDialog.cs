using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Knowledge;
using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Publications;
using Assistant.Core.TeamQuestions;

namespace Assistant.Core.Turns;

/// <summary>
/// What happens when no dialog is active: the greeting, the menu items, and everything else the user says.
/// </summary>
public sealed class RootDialog(KnowledgeResponder knowledge, ISurveySource surveys, ISurveyPublicationStore publications)
{
    public async Task HandleAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (turn.Activity.Type != ActivityTypes.Message)
        {
            if (!turn.Conversation.Greeted)
            {
                MainMenu.Greet(turn);
            }

            return;
        }

        await knowledge.SettlePendingSuggestionAsync(turn, cancellationToken);
        if (!turn.Conversation.Greeted && turn.Text.Length == 0)
        {
            MainMenu.Greet(turn);
            return;
        }

        switch (MainMenu.Recognize(turn))
        {
            case "menu.ask":
                turn.Reply(turn.T("ask.prompt"));
                return;
            case "menu.team":
                await dc.BeginDialogAsync(AskTeamDialog.DialogId, null, cancellationToken);
                return;
            case "menu.surveys":
                await SurveyMenu.ShowAsync(turn, surveys.Current, publications, cancellationToken);
                return;
            case "menu.help":
                turn.Reply(turn.T("help"));
                MainMenu.Show(turn);
                return;
            case "menu.language":
                await dc.BeginDialogAsync(LanguageDialog.DialogId, null, cancellationToken);
                return;
        }

        if (turn.Text.Length == 0)
        {
            turn.Reply(turn.T("input.not-text"));
            MainMenu.Show(turn);
            return;
        }

        if (SurveyMenu.Recognize(turn.Text, surveys.Current) is { } survey)
        {
            await dc.BeginDialogAsync(SurveyDialog.DialogId, new SurveyStartOptions(survey.Id), cancellationToken, survey.Hash);
            return;
        }

        turn.Conversation.Greeted = true;
        var before = turn.Conversation.LastKnowledgeId;
        await knowledge.RespondAsync(dc, cancellationToken);
        await InviteToSurveysOnceAsync(turn, answered: turn.Conversation.LastKnowledgeId is not null && turn.Conversation.LastKnowledgeId != before,
            cancellationToken);
    }

    /// <summary>After the first knowledge answer of a conversation, one line about the surveys; never again.</summary>
    private async Task InviteToSurveysOnceAsync(TurnContext turn, bool answered, CancellationToken cancellationToken)
    {
        // SurveyClosing.OpenAsync reads no store when no survey is within its dates.
        if (!answered || turn.Conversation.SurveyInvited || turn.Replies.Count == 0
            || (await SurveyClosing.OpenAsync(surveys.Current, publications, turn.Clock.GetUtcNow(), cancellationToken)).Count == 0)
        {
            return;
        }

        turn.Conversation.SurveyInvited = true;
        var last = turn.Replies[^1];
        last.Text += "\n\n_" + turn.T("survey.invite") + "_";
        last.SuggestedActions ??= new SuggestedActions();
        last.SuggestedActions.Actions.Add(CardAction.ImBack(turn.T("menu.surveys"), turn.T("menu.surveys")));
    }
}
