using Assistant.Core.InMemory;
using Assistant.Core.Language;
using Assistant.Web.Admin.Reports;
using Assistant.Web.Storage.InMemory;
using static Assistant.Web.Tests.Admin.AdminData;

namespace Assistant.Web.Tests.Publications;

/// <summary>The published figures of question types the shipped surveys do not have: numbers, and branching on a multi-choice answer.</summary>
public sealed class PublishedResultsBuilderTests
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Numbers_fall_in_whole_ranges_labelled_by_the_range_never_by_an_answer_and_multi_choice_branches_are_withheld()
    {
        var survey = Survey();
        var responses = new InMemorySurveyResponseStore();
        decimal[] years = [1, 2, 2.5m, 3, 4, 10, 11, 12, 13, 14, 18.5m, 19, 33];
        for (var i = 0; i < years.Length; i++)
        {
            await RespondAsync(responses, T0.AddMinutes(i), survey: survey.Id, answers:
            [
                ("years", Number(years[i])),
                ("topics", i < 10 ? Options("parks", "roads") : Options("roads")),
                ("parks-why", Text("secret")),
            ]);
        }

        var results = await PublishedResultsBuilder.BuildAsync(survey, survey.Closes, new InMemoryStaffReportStore(responses, new InMemoryTranscriptStore()),
            T0.AddDays(1), Ct);

        Assert.Equal(13, results.Responses);
        var numbers = results.Questions[0];
        Assert.Equal(PublishedShape.Histogram, numbers.Shape);
        // Ranges of 5 from 0 (the answers span 1–33); 2.5 and 18.5 are counted in theirs; no label is an answer.
        Assert.Equal(["0–4", "5–9", "10–14", "15–19", "20–24", "25–29", "30–34"], numbers.Cells.Select(c => c.LabelEn));
        // 2 and 1 are small, and together only 3: the next smallest (5) is hidden with them.
        Assert.Equal([null, 0, 5, null, 0, 0, null], numbers.Cells.Select(c => c.Count));
        Assert.DoesNotContain(numbers.Cells, c => c.LabelEn.Contains("18.5", StringComparison.Ordinal) || c.LabelEn == "33");
        var topics = results.Questions[1];
        Assert.True(topics.MultipleAnswers);
        Assert.Equal([10, 13], topics.Cells.Select(c => c.Count));
        Assert.Equal(PublishedShape.Withheld, results.Questions[2].Shape);
        Assert.Empty(results.Questions[2].Cells);
        Assert.DoesNotContain("secret", results.ToJson(), StringComparison.Ordinal);
    }

    private static SurveyDefinition Survey()
    {
        static LocalizedText L(string text) => new(text, text);
        SurveyQuestion Q(string id, QuestionType type, IReadOnlyList<SurveyOption>? options = null, ShowIf? showIf = null) =>
            new(id, type, L(id), null, true, options ?? [], false, null, null, null, 500, null, null, showIf);
        return new SurveyDefinition("city-life", 1, "h", L("City life"), L("d"), L("i"), L("t"), new DateOnly(2026, 1, 1),
            new DateOnly(2026, 12, 31), new DateOnly(2027, 12, 31), true, false, new SurveyConsent(1, L("c {retainUntil}")),
            [
                Q("years", QuestionType.Number),
                Q("topics", QuestionType.MultiChoice, [new SurveyOption("parks", L("Parks")), new SurveyOption("roads", L("Roads"))]),
                Q("parks-why", QuestionType.SingleChoice, [new SurveyOption("a", L("A")), new SurveyOption("b", L("B"))],
                    new ShowIf("topics", ["parks"], null, null)),
            ], "city-life.yaml");
    }
}
