namespace Assistant.Core.Dialogs.Commands;

public sealed class HelpCommand : IGlobalCommand
{
    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "help", "помощ", "помогни", "какво можеш", "what can you do");

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.ActiveDialog is { } active && await active.HelpAsync(dc, cancellationToken))
        {
            return;
        }

        dc.Turn.Reply(dc.Turn.T("help"));
        if (dc.ActiveFrame is not null)
        {
            await dc.RepromptAsync(cancellationToken);
        }
        else
        {
            MainMenu.Show(dc.Turn);
        }
    }
}
