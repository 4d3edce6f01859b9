namespace Assistant.Core.Dialogs.Commands;

public sealed class CancelCommand : IGlobalCommand
{
    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "cancel", "stop", "откажи", "отказ", "спри", "стоп");

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.ActiveDialog is { } active && await active.CancelRequestedAsync(dc, cancellationToken))
        {
            return;
        }

        var hadDialog = dc.ActiveFrame is not null;
        dc.CancelAll();
        dc.Turn.Reply(dc.Turn.T(hadDialog ? "cancel.done" : "cancel.nothing"));
        MainMenu.Show(dc.Turn);
    }
}
