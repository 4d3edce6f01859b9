using Assistant.Core.Activities;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Language;
using Assistant.Core.Surveys.Publications;

namespace Assistant.Core.Surveys;

/// <summary>The list of open surveys (within their dates, not closed by staff) as buttons, and reading a choice from it.</summary>
public static class SurveyMenu
{
    public static async Task ShowAsync(TurnContext turn, SurveyCatalog catalog, ISurveyPublicationStore publications,
        CancellationToken cancellationToken)
    {
        var open = await SurveyClosing.OpenAsync(catalog, publications, turn.Clock.GetUtcNow(), cancellationToken);
        if (open.Count == 0)
        {
            turn.Reply(turn.T("surveys.none"));
            MainMenu.Show(turn);
            return;
        }

        var lines = open.Select(s => $"- **{s.Title.Get(turn.Language)}**: {s.Description.Get(turn.Language)}");
        turn.Reply(turn.T("survey.list") + "\n\n" + string.Join("\n", lines),
            open.Select(s => CardAction.ImBack(s.Title.Get(turn.Language), s.Title.Get(turn.Language))));
    }

    /// <summary>The survey whose id or title (either language) the text names.</summary>
    public static SurveyDefinition? Recognize(string text, SurveyCatalog catalog)
    {
        var trimmed = text.Trim();
        if (catalog.Find(trimmed) is { } byId)
        {
            return byId;
        }

        var folded = TextNormalizer.Fold(trimmed);
        return folded.Length == 0
            ? null
            : catalog.All.FirstOrDefault(s => TextNormalizer.Fold(s.Title.Bg) == folded || TextNormalizer.Fold(s.Title.En) == folded);
    }
}
