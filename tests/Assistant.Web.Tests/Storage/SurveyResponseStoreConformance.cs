using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// What every <see cref="ISurveyResponseStore"/> must do, run once per provider by a concrete subclass. Kept
/// provider-neutral: times are whole milliseconds (PostgreSQL keeps microseconds), instants are compared rather than
/// offsets, and answer JSON is compared as JSON rather than as text (jsonb re-spaces it).
/// </summary>
public abstract class SurveyResponseStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over empty storage; called once or more per test, every call sees the same data.</summary>
    protected abstract ISurveyResponseStore CreateStore();

    [Fact]
    public async Task A_started_response_is_read_back_as_it_was_started()
    {
        var store = CreateStore();
        var response = NewResponse(participantKey: "p-1", startedAt: T0.AddMilliseconds(123));

        await store.StartAsync(response, Ct);

        Assert.Equal(response, await store.GetAsync(response.Id, Ct));
        Assert.Empty(await store.GetAnswersAsync(response.Id, Ct));
        Assert.Null(await store.GetAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task Starting_the_same_response_twice_is_refused_and_keeps_the_first()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.StartAsync(response with { Channel = "telegram" }, Ct));

        Assert.Equal(response, await store.GetAsync(response.Id, Ct));
    }

    [Fact]
    public async Task Saving_the_same_question_twice_keeps_one_answer_with_the_last_value()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);

        await store.SaveAnswerAsync(new SurveyAnswer(response.Id, "mood", """{"option":"often"}""", T0.AddMinutes(1)), Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(response.Id, "mood", """{"option":"rarely"}""", T0.AddMinutes(2)), Ct);

        var answer = Assert.Single(await store.GetAnswersAsync(response.Id, Ct));
        AssertAnswer(new SurveyAnswer(response.Id, "mood", """{"option":"rarely"}""", T0.AddMinutes(2)), answer);
    }

    [Fact]
    public async Task Answers_of_two_responses_are_kept_apart()
    {
        var store = CreateStore();
        var first = NewResponse(participantKey: "p-1");
        var second = NewResponse(participantKey: "p-2");
        await store.StartAsync(first, Ct);
        await store.StartAsync(second, Ct);

        await store.SaveAnswerAsync(new SurveyAnswer(first.Id, "mood", """{"value":1}""", T0.AddMinutes(1)), Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(second.Id, "mood", """{"value":5}""", T0.AddMinutes(2)), Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(second.Id, "sleep", """{"skipped":true}""", T0.AddMinutes(3)), Ct);

        var firstAnswers = await store.GetAnswersAsync(first.Id, Ct);
        AssertAnswer(new SurveyAnswer(first.Id, "mood", """{"value":1}""", T0.AddMinutes(1)), Assert.Single(firstAnswers));

        var secondAnswers = await store.GetAnswersAsync(second.Id, Ct);
        Assert.Equal(2, secondAnswers.Count);
        AssertAnswer(new SurveyAnswer(second.Id, "mood", """{"value":5}""", T0.AddMinutes(2)),
            secondAnswers.Single(a => a.QuestionId == "mood"));
        AssertAnswer(new SurveyAnswer(second.Id, "sleep", """{"skipped":true}""", T0.AddMinutes(3)),
            secondAnswers.Single(a => a.QuestionId == "sleep"));

        Assert.Empty(await store.GetAnswersAsync(Guid.NewGuid(), Ct));
    }

    [Fact]
    public async Task An_answer_to_an_unknown_response_is_refused()
    {
        var store = CreateStore();
        var unknown = Guid.NewGuid();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.SaveAnswerAsync(new SurveyAnswer(unknown, "mood", """{"value":1}""", T0), Ct));

        Assert.Empty(await store.GetAnswersAsync(unknown, Ct));
    }

    [Fact]
    public async Task Finishing_as_completed_sets_the_status_and_the_completion_time()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(response.Id, "mood", """{"value":3}""", T0.AddMinutes(1)), Ct);

        await store.FinishAsync(response.Id, ResponseStatus.Completed, T0.AddMinutes(5), Ct);

        var finished = await store.GetAsync(response.Id, Ct);
        Assert.Equal(response with { Status = ResponseStatus.Completed, CompletedAt = T0.AddMinutes(5) }, finished);
        Assert.Single(await store.GetAnswersAsync(response.Id, Ct));
    }

    [Fact]
    public async Task Finishing_as_abandoned_sets_the_status_and_no_completion_time()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);

        await store.FinishAsync(response.Id, ResponseStatus.Abandoned, T0.AddHours(2), Ct);

        var finished = await store.GetAsync(response.Id, Ct);
        Assert.Equal(response with { Status = ResponseStatus.Abandoned, CompletedAt = null }, finished);
    }

    [Fact]
    public async Task Finishing_an_unknown_response_or_as_in_progress_is_refused()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.FinishAsync(Guid.NewGuid(), ResponseStatus.Completed, T0, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            store.FinishAsync(response.Id, ResponseStatus.InProgress, T0, Ct));

        Assert.Equal(response, await store.GetAsync(response.Id, Ct));
    }

    [Fact]
    public async Task Finding_by_participant_returns_their_responses_to_that_survey_newest_first()
    {
        var store = CreateStore();
        var plus3 = TimeSpan.FromHours(3);
        // Stored out of order; the middle one is written with a +03:00 offset, so text order and time order differ.
        var middle = NewResponse(participantKey: "p-1", startedAt: new DateTimeOffset(2025, 3, 2, 12, 0, 0, plus3)); // 09:00Z
        var oldest = NewResponse(participantKey: "p-1", startedAt: new DateTimeOffset(2025, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var newest = NewResponse(participantKey: "p-1", startedAt: new DateTimeOffset(2025, 3, 2, 10, 0, 0, TimeSpan.Zero));
        var otherSurvey = NewResponse(participantKey: "p-1", surveyId: "sleep", startedAt: T0.AddDays(5));
        var otherParticipant = NewResponse(participantKey: "p-2", startedAt: T0.AddDays(5));
        foreach (var response in new[] { middle, otherSurvey, oldest, otherParticipant, newest })
        {
            await store.StartAsync(response, Ct);
        }

        await store.FinishAsync(oldest.Id, ResponseStatus.Completed, oldest.StartedAt.AddMinutes(4), Ct);

        var found = await store.FindByParticipantAsync("wellbeing", "p-1", Ct);

        Assert.Equal([newest.Id, middle.Id, oldest.Id], found.Select(r => r.Id));
        Assert.Equal(oldest with { Status = ResponseStatus.Completed, CompletedAt = oldest.StartedAt.AddMinutes(4) }, found[2]);
        Assert.Equal([otherSurvey.Id], (await store.FindByParticipantAsync("sleep", "p-1", Ct)).Select(r => r.Id));
        Assert.Empty(await store.FindByParticipantAsync("wellbeing", "p-3", Ct));
        Assert.Empty(await store.FindByParticipantAsync("unknown-survey", "p-1", Ct));
    }

    [Fact]
    public async Task Anonymous_responses_are_never_returned_by_a_participant_lookup()
    {
        var store = CreateStore();
        var named = NewResponse(participantKey: "p-1", startedAt: T0);
        var anonymous = NewResponse(participantKey: null, startedAt: T0.AddMinutes(1));
        await store.StartAsync(named, Ct);
        await store.StartAsync(anonymous, Ct);
        await store.SaveAnswerAsync(new SurveyAnswer(anonymous.Id, "mood", """{"text":"без име"}""", T0.AddMinutes(2)), Ct);

        Assert.Equal([named.Id], (await store.FindByParticipantAsync("wellbeing", "p-1", Ct)).Select(r => r.Id));
        Assert.Empty(await store.FindByParticipantAsync("wellbeing", "", Ct));
        Assert.Empty(await store.FindByParticipantAsync("wellbeing", "null", Ct));

        // Still stored and readable by its id, without a key.
        var read = await store.GetAsync(anonymous.Id, Ct);
        Assert.NotNull(read);
        Assert.Null(read.ParticipantKey);
        Assert.Single(await store.GetAnswersAsync(anonymous.Id, Ct));
    }

    [Fact]
    public async Task Consents_are_recorded_and_read_back_per_participant_in_the_order_given()
    {
        var store = CreateStore();
        var first = new ConsentRecord("p-1", "wellbeing", 1, "webchat", T0);
        var other = new ConsentRecord("p-2", "wellbeing", 1, "webchat", T0.AddMinutes(1));
        var second = new ConsentRecord("p-1", "wellbeing", 2, "telegram", T0.AddDays(1));
        var third = new ConsentRecord("p-1", "sleep", 1, "telegram", T0.AddDays(1).AddMilliseconds(1));

        foreach (var consent in new[] { first, other, second, third })
        {
            await store.RecordConsentAsync(consent, Ct);
        }

        Assert.Equal([first, second, third], await store.GetConsentsAsync("p-1", Ct));
        Assert.Equal([other], await store.GetConsentsAsync("p-2", Ct));
        Assert.Empty(await store.GetConsentsAsync("p-3", Ct));
    }

    [Fact]
    public async Task Two_hundred_answers_saved_from_parallel_tasks_are_all_present_exactly_once()
    {
        var store = CreateStore();

        await SaveConcurrentlyAsync(store, 200);
    }

    [Fact]
    public async Task Parallel_saves_of_the_same_question_leave_exactly_one_of_the_values()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);
        var values = Enumerable.Range(0, 50).Select(i => $$"""{"value":{{i}}}""").ToList();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = values.Select((value, i) => Task.Run(async () =>
        {
            await gate.Task;
            await store.SaveAnswerAsync(new SurveyAnswer(response.Id, "mood", value, T0.AddSeconds(i)), Ct);
        }, Ct)).ToList();
        gate.SetResult();
        await Task.WhenAll(saves);

        var answer = Assert.Single(await store.GetAnswersAsync(response.Id, Ct));
        Assert.Equal("mood", answer.QuestionId);
        Assert.Contains(values, v => JsonNode.DeepEquals(JsonNode.Parse(v), JsonNode.Parse(answer.ValueJson)));
    }

    [Fact]
    public async Task Cyrillic_and_emoji_text_survives_the_round_trip()
    {
        var store = CreateStore();
        const string participant = "участник-Ёж-😀";
        const string survey = "анкета-благополучие-🌍";
        const string text = "Понякога съм уморен 😴, но семейството 👩‍👩‍👧‍👦 помага! Щастлив съм 🇧🇬 — „да“.";
        var response = new SurveyResponse(Guid.NewGuid(), survey, 1, participant, "телеграм-💬", T0, null, ResponseStatus.InProgress);
        await store.StartAsync(response, Ct);
        // Written unescaped, as a client would send it (JsonNode.ToJsonString would escape it all to \uXXXX).
        const string value = $$"""{"text":"{{text}}","options":["често 🙂","рядко 🙃"]}""";
        await store.SaveAnswerAsync(new SurveyAnswer(response.Id, "въпрос-1-🤔", value, T0.AddMinutes(1)), Ct);
        var consent = new ConsentRecord(participant, survey, 3, "телеграм-💬", T0);
        await store.RecordConsentAsync(consent, Ct);

        Assert.Equal(response, await store.GetAsync(response.Id, Ct));
        Assert.Equal([response], await store.FindByParticipantAsync(survey, participant, Ct));
        Assert.Empty(await store.FindByParticipantAsync(survey, "участник-Ёж-😁", Ct));
        var answer = Assert.Single(await store.GetAnswersAsync(response.Id, Ct));
        AssertAnswer(new SurveyAnswer(response.Id, "въпрос-1-🤔", value, T0.AddMinutes(1)), answer);
        Assert.Equal(text, JsonNode.Parse(answer.ValueJson)!["text"]!.GetValue<string>());
        Assert.Equal([consent], await store.GetConsentsAsync(participant, Ct));
    }

    protected static SurveyResponse NewResponse(string? participantKey = "p-1", string surveyId = "wellbeing",
        DateTimeOffset? startedAt = null) =>
        new(Guid.NewGuid(), surveyId, 2, participantKey, "webchat", startedAt ?? T0, null, ResponseStatus.InProgress);

    /// <summary>
    /// Starts a response and saves <paramref name="count"/> answers to different questions from as many tasks released
    /// together, then checks each is stored exactly once with its own value. Returns the response.
    /// </summary>
    protected static async Task<SurveyResponse> SaveConcurrentlyAsync(ISurveyResponseStore store, int count)
    {
        var response = NewResponse();
        await store.StartAsync(response, Ct);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var saves = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            await store.SaveAnswerAsync(new SurveyAnswer(response.Id, $"q{i:D3}", $$"""{"value":{{i}}}""", T0.AddSeconds(i)), Ct);
        }, Ct)).ToList();
        gate.SetResult();
        await Task.WhenAll(saves);

        var answers = await store.GetAnswersAsync(response.Id, Ct);
        Assert.Equal(count, answers.Count);
        Assert.Equal(Enumerable.Range(0, count).Select(i => $"q{i:D3}"), answers.Select(a => a.QuestionId).Order(StringComparer.Ordinal));
        Assert.All(answers, a =>
        {
            var i = int.Parse(a.QuestionId[1..], System.Globalization.CultureInfo.InvariantCulture);
            AssertAnswer(new SurveyAnswer(response.Id, a.QuestionId, $$"""{"value":{{i}}}""", T0.AddSeconds(i)), a);
        });
        return response;
    }

    /// <summary>Same response, question and instant, and the same JSON value (whatever its spacing).</summary>
    protected static void AssertAnswer(SurveyAnswer expected, SurveyAnswer actual)
    {
        Assert.Equal(expected.ResponseId, actual.ResponseId);
        Assert.Equal(expected.QuestionId, actual.QuestionId);
        Assert.Equal(expected.AnsweredAt, actual.AnsweredAt);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected.ValueJson), JsonNode.Parse(actual.ValueJson)),
            $"Expected the value {expected.ValueJson} but found {actual.ValueJson}.");
    }
}
