using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Prompts;

namespace Assistant.Core.Privacy;

/// <summary>Confirms, then erases every row linked to the participant in every store and leaves the conversation empty.</summary>
public sealed class ForgetDialog(IPrivacyStore data) : Dialog(DialogId)
{
    public const string DialogId = "forget";
    private const string Yes = "yes";

    public override Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        dc.BeginDialogAsync(ChoicePrompt.DefaultId, new PromptOptions
        {
            Prompt = dc.Turn.Texts.Both("privacy.forget-confirm"),
            Choices =
            [
                new PromptChoice(Yes, dc.Turn.Texts.Both("privacy.forget-yes"), ["да", "yes", "изтрий", "delete"]),
                new PromptChoice("no", dc.Turn.Texts.Both("privacy.forget-no"), ["не", "no", "отказ", "cancel"]),
            ],
            MaxAttempts = 2,
        }, cancellationToken);

    public override async Task<DialogResult> ResumeAsync(DialogContext dc, DialogResult childResult, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (childResult.Status != DialogStatus.Complete || childResult.As<string>() != Yes)
        {
            turn.Reply(turn.T("privacy.forget-kept"));
            return DialogResult.Done;
        }

        var removed = await data.EraseAsync(turn.ParticipantKey!, cancellationToken);
        turn.Erased = true;
        dc.CancelAll();
        turn.Reply(turn.T("privacy.forget-done", ("count", removed)));
        return DialogResult.Waiting;
    }
}
