namespace Assistant.Core.Dialogs.Commands;

/// <summary>A command that works anywhere in a conversation and runs before the active dialog sees the message.</summary>
public interface IGlobalCommand
{
    bool Matches(string foldedText);

    Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken);
}
