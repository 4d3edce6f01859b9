using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Language;

namespace Assistant.Core.TeamQuestions;

/// <summary>"/contact", "свържете ме с човек", "I want to talk to a person", the "Ask the team" button: starts <see cref="AskTeamDialog"/>.</summary>
public sealed class AskTeamCommand(Func<TextCatalog> texts) : IGlobalCommand
{
    public bool Matches(string foldedText) =>
        CommandWords.Any(foldedText, "contact", "ask team", "askteam", "ask the team", "talk to a person", "i want to talk to a person",
            "talk to a human", "i want to talk to a human", "speak to a person", "contact the team", "свържете ме с човек",
            "свържи ме с човек", "искам да говоря с човек", "попитай екипа", "питай екипа", "попитайте екипа")
        || texts().Both("menu.team") is var both && (TextNormalizer.Fold(both.Bg) == foldedText || TextNormalizer.Fold(both.En) == foldedText);

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        // A question already in progress starts over; anything else (a survey) waits beneath and is offered again after.
        dc.RemoveFrom(AskTeamDialog.DialogId);
        await dc.BeginDialogAsync(AskTeamDialog.DialogId, null, cancellationToken);
    }
}
