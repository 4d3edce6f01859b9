using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;

namespace Assistant.Core.Surveys.Publications;

/// <summary>
/// "/results", "резултати" / "results", "резултати от анкетите" / "survey results": the surveys whose results staff have
/// published, each with a link to its public page; or, kindly, that none are published yet. During a dialog it answers
/// and then asks the pending question again.
/// </summary>
public sealed class ResultsCommand(ISurveySource surveys, ISurveyPublicationStore publications) : IGlobalCommand
{
    private static readonly string[] Words =
    [
        "results", "survey results", "results of the survey", "results of the surveys", "published results", "show results",
        "резултати", "резултатите", "резултати от анкетите", "резултати от анкетата", "резултатите от анкетите",
        "резултатите от анкетата", "резултати от анкети", "резултати от анкета", "публикувани резултати", "покажи резултатите",
    ];

    public bool Matches(string foldedText) => CommandWords.Any(foldedText, Words);

    public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Turn;
        var catalog = surveys.Current;
        var published = (await publications.ListAsync(cancellationToken))
            .Where(p => p is { IsPublished: true, ResultsUrl: not null })
            .Select(p => (Publication: p, Survey: catalog.Find(p.SurveyId)))
            .Where(x => x.Survey is not null)
            .OrderByDescending(x => x.Publication.PublishedAt)
            .ToList();
        if (published.Count == 0)
        {
            turn.Reply(turn.T("results.none"));
        }
        else
        {
            var lines = published.Select(x => $"- [{x.Survey!.Title.Get(turn.Language)}]({LinkIn(x.Publication.ResultsUrl!, turn.Language)})");
            turn.Reply(turn.T("results.list") + "\n\n" + string.Join("\n", lines));
        }

        if (dc.ActiveFrame is not null)
        {
            await dc.RepromptAsync(cancellationToken);
        }
        else
        {
            MainMenu.Show(turn);
        }
    }

    /// <summary>The public page in the participant's language.</summary>
    public static string LinkIn(string resultsUrl, string language) => resultsUrl + "?lang=" + language;
}
