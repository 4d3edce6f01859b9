using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;

namespace Assistant.Core.Privacy;

/// <summary>"/forget", "изтрий данните ми", "delete my data": asks for confirmation, then erases everything about the participant.</summary>
public sealed class ForgetCommand : IGlobalCommand
{
    public bool Matches(string foldedText) => CommandWords.Any(foldedText, "forget", "forget me", "delete my data", "erase my data",
        "изтрий данните ми", "изтрийте данните ми", "изтрий ме", "забрави ме");

    public Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.Turn.ParticipantKey is null)
        {
            dc.Turn.Reply(dc.Turn.T("privacy.no-key"));
            return Task.CompletedTask;
        }

        return dc.BeginDialogAsync(ForgetDialog.DialogId, null, cancellationToken);
    }
}
