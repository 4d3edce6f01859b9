using Assistant.Core.Surveys;

namespace Assistant.Core.Tests.Surveys;

/// <summary>Branching, hidden questions and "question n of m", worked out from a definition and answers alone.</summary>
public sealed class SurveyPathTests
{
    // uses (single choice) → satisfaction (rating, shown when uses is "often") → why (free text, shown when satisfaction
    // is 1–2) → reasons (shown when uses is "never") → idea (always).
    private static readonly SurveyDefinition Survey = Definition(
        Question("uses", QuestionType.SingleChoice),
        Question("satisfaction", QuestionType.Rating, new ShowIf("uses", ["often"], null, null)),
        Question("why", QuestionType.FreeText, new ShowIf("satisfaction", null, 1, 2)),
        Question("reasons", QuestionType.MultiChoice, new ShowIf("uses", ["never"], null, null)),
        Question("idea", QuestionType.FreeText));

    [Fact]
    public void The_first_question_comes_first_and_a_question_with_a_rule_waits_for_its_answer()
    {
        var path = Path();

        Assert.Equal("uses", path.Next()?.Id);
        Assert.True(path.Shows(Q("uses")));
        Assert.False(path.Shows(Q("satisfaction")));
    }

    [Fact]
    public void Branching_follows_the_answer_and_skips_the_questions_it_hides()
    {
        Assert.Equal("satisfaction", Path(("uses", """{"option":"often"}""")).Next(after: "uses")?.Id);
        Assert.Equal("reasons", Path(("uses", """{"option":"never"}""")).Next(after: "uses")?.Id);

        var satisfied = Path(("uses", """{"option":"often"}"""), ("satisfaction", """{"value":5}"""));
        Assert.False(satisfied.Shows(Q("why")));
        Assert.Equal("idea", satisfied.Next(after: "satisfaction")?.Id);

        var unhappy = Path(("uses", """{"option":"often"}"""), ("satisfaction", """{"value":2}"""));
        Assert.True(unhappy.Shows(Q("why")));
        Assert.Equal("why", unhappy.Next(after: "satisfaction")?.Id);
    }

    [Fact]
    public void A_skipped_answer_meets_no_rule()
    {
        var path = Path(("uses", """{"skipped":true}"""));

        Assert.False(path.Shows(Q("satisfaction")));
        Assert.False(path.Shows(Q("reasons")));
        Assert.Equal("idea", path.Next(after: "uses")?.Id);
    }

    [Fact]
    public void Next_from_the_start_finds_the_first_unanswered_question_and_null_at_the_end()
    {
        // Resuming: answers were given up to "satisfaction".
        Assert.Equal("why", Path(("uses", """{"option":"often"}"""), ("satisfaction", """{"value":1}""")).Next()?.Id);
        Assert.Null(Path(("uses", """{"option":"never"}"""), ("reasons", """{"options":["a"]}"""), ("idea", """{"text":"x"}""")).Next());
        Assert.Null(Path(("uses", """{"option":"often"}""")).Next(after: "idea"));
    }

    [Fact]
    public void Progress_counts_the_answered_questions_and_the_most_that_can_still_be_shown()
    {
        // Nothing answered: "often" can lead to satisfaction and why, "never" to reasons, never both. 1 of at most 4.
        Assert.Equal((1, 4), Path().Progress(Q("uses")));

        // "often": reasons is out, why may come. 2 of 4.
        Assert.Equal((2, 4), Path(("uses", """{"option":"often"}""")).Progress(Q("satisfaction")));

        // Satisfied: why is out too. 3 of 3.
        Assert.Equal((3, 3), Path(("uses", """{"option":"often"}"""), ("satisfaction", """{"value":4}""")).Progress(Q("idea")));
    }

    [Fact]
    public void The_total_is_certain_only_when_every_question_ahead_is_known_to_be_shown_or_hidden()
    {
        Assert.False(Path().TotalIsCertain(Q("uses")));
        Assert.False(Path(("uses", """{"option":"often"}""")).TotalIsCertain(Q("satisfaction")));
        Assert.True(Path(("uses", """{"option":"often"}"""), ("satisfaction", """{"value":4}""")).TotalIsCertain(Q("idea")));
        Assert.True(Path(("uses", """{"option":"never"}""")).TotalIsCertain(Q("reasons")));
    }

    [Theory]
    [InlineData("often", 1)]
    [InlineData("often", 4)]
    [InlineData("never", 0)]
    [InlineData("sometimes", 0)]
    public void On_every_way_through_the_number_goes_up_by_one_and_the_bound_never_grows(string uses, int satisfaction)
    {
        var answers = new Dictionary<string, string>();
        var seen = new List<(int Number, int Total, bool Certain)>();
        for (var question = new SurveyPath(Survey, answers).Next(); question is not null;
             question = new SurveyPath(Survey, answers).Next(after: question.Id))
        {
            var path = new SurveyPath(Survey, answers);
            var (number, total) = path.Progress(question);
            seen.Add((number, total, path.TotalIsCertain(question)));
            answers[question.Id] = question.Id switch
            {
                "uses" => $$"""{"option":"{{uses}}"}""",
                "satisfaction" => $$"""{"value":{{satisfaction}}}""",
                _ => "\"x\"",
            };
        }

        for (var i = 1; i < seen.Count; i++)
        {
            Assert.Equal(seen[i - 1].Number + 1, seen[i].Number);
            Assert.True(seen[i].Total <= seen[i - 1].Total, $"the total grew: {string.Join(", ", seen)}");
            Assert.True(!seen[i - 1].Certain || seen[i].Total == seen[i - 1].Total, $"a certain total changed: {string.Join(", ", seen)}");
        }

        Assert.True(seen[^1].Certain);
        Assert.Equal(seen[^1].Number, seen[^1].Total);
    }

    [Theory]
    [InlineData("e-government-participation", 11)]
    [InlineData("workshop-feedback", 6)]
    public void The_first_question_promises_no_more_than_the_intros_up_to(string surveyId, int upTo)
    {
        var survey = TestBot.Surveys.Find(surveyId)!;
        var path = new SurveyPath(survey, new Dictionary<string, string>());

        Assert.Equal((1, upTo), path.Progress(survey.Questions[0]));
        Assert.False(path.TotalIsCertain(survey.Questions[0]));
    }

    [Fact]
    public void Progress_of_a_question_answered_before_does_not_count_it_twice()
    {
        // After the definition changed, the current question may already have an answer: it is still number 1.
        Assert.Equal(1, Path(("uses", """{"option":"never"}""")).Progress(Q("uses")).Number);
        Assert.Equal((2, 3), Path(("uses", """{"option":"never"}""")).Progress(Q("reasons")));
    }

    [Fact]
    public void Drafts_kept_among_the_answers_answer_no_question()
    {
        var path = Path((SurveyState.OtherDraftKey("reasons"), "my own reason"), ("uses", """{"option":"never"}"""));

        Assert.Equal("reasons", path.Next(after: "uses")?.Id);
    }

    private static SurveyPath Path(params (string Id, string Json)[] answers) =>
        new(Survey, answers.ToDictionary(a => a.Id, a => a.Json, StringComparer.Ordinal));

    private static SurveyQuestion Q(string id) => Survey.Find(id)!;

    private static SurveyQuestion Question(string id, QuestionType type, ShowIf? showIf = null) =>
        new(id, type, LocalizedText.Same(id + "?"), null, false,
            type is QuestionType.SingleChoice or QuestionType.MultiChoice
                ? [new SurveyOption("often", LocalizedText.Same("often")), new SurveyOption("never", LocalizedText.Same("never"))]
                : [],
            false, null, null, type == QuestionType.Rating ? new RatingScale(1, 5, null, null) : null, null, null, null, showIf);

    private static SurveyDefinition Definition(params SurveyQuestion[] questions) =>
        new("test", 1, "hash", LocalizedText.Same("Test"), LocalizedText.Same(""), LocalizedText.Same(""), LocalizedText.Same("Thanks"),
            new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31), new DateOnly(2027, 12, 31), false, false, new SurveyConsent(1, LocalizedText.Same("")),
            questions, "test.yaml");
}
