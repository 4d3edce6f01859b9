using Assistant.Core.Activities;
using Assistant.Core.Knowledge;

namespace Assistant.Core.Dialogs;

/// <summary>
/// What happens when no dialog is active: the greeting, the menu items, and everything else the user says.
/// </summary>
public sealed class RootDialog(KnowledgeResponder knowledge)
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
            case "menu.surveys":
                turn.Reply(turn.T("surveys.none"));
                MainMenu.Show(turn);
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

        turn.Conversation.Greeted = true;
        await knowledge.RespondAsync(turn, cancellationToken);
    }
}
