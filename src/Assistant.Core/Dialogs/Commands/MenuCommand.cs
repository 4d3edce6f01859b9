namespace Assistant.Core.Dialogs.Commands;

/// <summary>Shows the menu; the active dialog, if any, asks its question again below it.</summary>
public sealed class MenuCommand : IGlobalCommand
{
    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "menu", "меню", "главно меню", "main menu");

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.ActiveFrame is not null)
        {
            dc.Turn.Reply(dc.Turn.T("menu.during-dialog"));
            await dc.RepromptAsync(cancellationToken);
            return;
        }

        MainMenu.Show(dc.Turn);
    }
}
