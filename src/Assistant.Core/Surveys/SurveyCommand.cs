using System.Text.RegularExpressions;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;

namespace Assistant.Core.Surveys;

/// <summary>
/// "анкета" / "survey" / "/survey" lists the open surveys; "/survey &lt;id&gt;" and the deep link "/start &lt;id&gt;" start one
/// directly. During a survey it only reminds where the participant is.
/// </summary>
public sealed partial class SurveyCommand(ISurveySource surveys) : IGlobalCommand
{
    private static readonly string[] Words = ["анкета", "анкети", "анкетата", "survey", "surveys", "questionnaire"];

    public bool Matches(string foldedText) =>
        CommandWords.Any(foldedText, Words) || Payload(foldedText) is not null;

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var payload = StartPayload().Match(turn.Text.Trim()) is { Success: true } m ? m.Groups[2].Value
            : CommandWords.Fold(turn.Text).Contains(' ', StringComparison.Ordinal) ? "" : null;
        if (dc.ActiveDialog is SurveyDialog)
        {
            turn.Reply(turn.T("survey.already-in-survey"));
            await dc.RepromptAsync(cancellationToken);
            return;
        }

        if (payload is null)
        {
            SurveyMenu.Show(turn, surveys.Current);
            return;
        }

        if (payload.Length == 0 || surveys.Current.Find(payload) is null)
        {
            // A deep link with garbage, or one to a survey that no longer exists.
            turn.Reply(turn.T("survey.not-found"));
            SurveyMenu.Show(turn, surveys.Current);
            return;
        }

        dc.CancelAll();
        await dc.BeginDialogAsync(SurveyDialog.DialogId, new SurveyStartOptions(payload), cancellationToken,
            surveys.Current.Find(payload)!.Hash);
    }

    private static string? Payload(string foldedText) =>
        (foldedText.StartsWith("start ", StringComparison.Ordinal) && foldedText != "start over")
            || foldedText.StartsWith("survey ", StringComparison.Ordinal)
            || foldedText.StartsWith("анкета ", StringComparison.Ordinal)
            ? foldedText
            : null;

    [GeneratedRegex(@"^/?(start|survey|анкета)(?:@\w+)?\s+(\S{1,64})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StartPayload();
}
