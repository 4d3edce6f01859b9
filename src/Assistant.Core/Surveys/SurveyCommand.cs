using System.Text.RegularExpressions;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Surveys.Invitations;
using Assistant.Core.Surveys.Publications;

namespace Assistant.Core.Surveys;

/// <summary>
/// "анкета" / "survey" / "/survey" lists the open surveys; "/survey &lt;id&gt;" and the deep link "/start &lt;payload&gt;" start one
/// directly (a survey id, an invitation code or an id with a campaign suffix: <see cref="SurveyDeepLinks"/>). During a
/// survey it only reminds where the participant is.
/// </summary>
public sealed partial class SurveyCommand(ISurveySource surveys, SurveyDeepLinks deepLinks, ISurveyPublicationStore publications)
    : IGlobalCommand
{
    private static readonly string[] Words = ["анкета", "анкети", "анкетата", "survey", "surveys", "questionnaire"];

    public bool Matches(string foldedText) =>
        CommandWords.Any(foldedText, Words) || Payload(foldedText) is not null;

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var payload = StartPayload().Match(turn.Text.Trim()) is { Success: true } m ? m.Groups[2].Value
            : CommandWords.Fold(turn.Text).Contains(' ', StringComparison.Ordinal) ? "" : null;
        if (payload is null)
        {
            if (dc.ActiveDialog is SurveyDialog)
            {
                turn.Reply(turn.T("survey.already-in-survey"));
                await dc.RepromptAsync(cancellationToken);
                return;
            }

            await SurveyMenu.ShowAsync(turn, surveys.Current, publications, cancellationToken);
            return;
        }

        await deepLinks.StartAsync(dc, payload, cancellationToken);
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
