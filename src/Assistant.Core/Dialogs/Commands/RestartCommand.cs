namespace Assistant.Core.Dialogs.Commands;

/// <summary>Starts over: clears the dialog stack and greets again.</summary>
public sealed class RestartCommand : IGlobalCommand
{
    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "start", "restart", "start over", "отначало", "начало", "рестарт");

    public Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        dc.CancelAll();
        MainMenu.Greet(dc.Turn);
        return Task.CompletedTask;
    }
}
