using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Prompts;

namespace Assistant.Core.Privacy;

/// <summary>Confirms, then erases every row linked to the participant in every store and leaves the conversation empty.</summary>
/// <remarks>
/// The question is a <see cref="ConfirmPrompt"/> run in this dialog's own frame rather than pushed as a child: the
/// frame keeps the prompt's state (question, answers, attempts), and the prompt needs no entry in the dialog registry
/// of every host.
/// </remarks>
public sealed class ForgetDialog(IPrivacyStore data) : Dialog(DialogId)
{
    public const string DialogId = "forget";

    private static readonly ConfirmPrompt Confirm = new();

    public override Task<DialogResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken) =>
        Confirm.BeginAsync(dc, ConfirmPrompt.Options(
            dc.Turn.Texts.Both("privacy.forget-confirm"),
            new ConfirmChoices(dc.Turn.Texts.Both("privacy.forget-yes"), dc.Turn.Texts.Both("privacy.forget-no"),
                YesSynonyms: ["изтрий", "delete"], NoSynonyms: ["отказ", "cancel"]),
            maxAttempts: 2), cancellationToken);

    public override async Task<DialogResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var answer = await Confirm.ContinueAsync(dc, cancellationToken);
        return answer.Status == DialogStatus.Waiting
            ? answer
            : await ActAsync(dc, answer.Status == DialogStatus.Complete && answer.As<bool>(), cancellationToken);
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) =>
        Confirm.RepromptAsync(dc, cancellationToken);

    public override async Task<DialogResult> ResumeAsync(DialogContext dc, DialogResult childResult, CancellationToken cancellationToken)
    {
        if (dc.GetState<PromptState>().Options is not null)
        {
            // Something that interrupted the question (the language question, a survey) ended: ask again.
            return await base.ResumeAsync(dc, childResult, cancellationToken);
        }

        // A frame saved before the question moved into this dialog has no state of its own and waits on a ChoicePrompt
        // child, which answers "yes" or "no".
        return await ActAsync(dc, childResult.Status == DialogStatus.Complete && childResult.As<string>() == "yes", cancellationToken);
    }

    private async Task<DialogResult> ActAsync(DialogContext dc, bool erase, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        if (!erase)
        {
            turn.Reply(turn.T("privacy.forget-kept"));
            return DialogResult.Done;
        }

        var removed = await data.EraseAsync(turn.ParticipantKey!, cancellationToken);
        turn.Erased = true;
        dc.CancelAll();
        // Marked so that a client keeping its own handle on the participant (the web page's cookie) drops it too.
        turn.Reply(turn.T("privacy.forget-done", ("count", removed))).ChannelData =
            new System.Text.Json.Nodes.JsonObject { ["assistant"] = new System.Text.Json.Nodes.JsonObject { ["participantErased"] = true } };
        return DialogResult.Waiting;
    }
}
