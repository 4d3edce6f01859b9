namespace Assistant.Core.Tests.Turns;

/// <summary>
/// A storage that fails in the middle of a survey (a full disk, a locked or unreachable database) is not a dialog bug:
/// the turn is tried again, and when the storage keeps failing the participant is asked to try again and keeps their
/// place. Only a bug resets the dialogs.
/// </summary>
public sealed class StorageFailureTests
{
    private const string NotSavedAnswer = "Нещо се обърка при запазването на отговора Ви. Моля, опитайте отново след малко.";
    private const string NotSavedMessage = "Нещо се обърка при запазването на съобщението Ви. Моля, опитайте отново след малко.";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_answer_write_that_fails_once_is_tried_again_and_the_participant_notices_nothing()
    {
        var responses = new FailingSurveyResponseStore(new InMemorySurveyResponseStore());
        var bot = new TestBot(responses: responses);
        var flow = await AtFirstQuestionAsync(bot);

        responses.AnswerWrites.Next(1);
        await flow.Send("5").ExpectReply("Въпрос 2 от").ExpectNoMoreReplies();

        Assert.Equal(2, responses.AnswerWrites.Calls);
        var answer = Assert.Single(await AnswersAsync(responses));
        Assert.Equal(("overall-rating", """{"value":5}"""), (answer.QuestionId, answer.ValueJson));
    }

    [Fact]
    public async Task An_answer_that_cannot_be_saved_keeps_the_question_and_the_same_answer_sent_again_is_stored_once()
    {
        var responses = new FailingSurveyResponseStore(new InMemorySurveyResponseStore());
        var bot = new TestBot(responses: responses);
        var flow = await AtFirstQuestionAsync(bot);
        await flow.Send("5").ExpectReply("Въпрос 2 от")
            .Send("4").ExpectReply("Въпрос 3 от");

        // Free text, which the knowledge base would not know: taken out of the survey it would land in the unanswered queue.
        const string idea = "Повече време за работа в малки групи и по-кратки презентации";
        responses.AnswerWrites.Next(TurnProcessor.StorageAttempts);
        await flow.Send(idea)
            .ExpectReply(a => Assert.Equal(NotSavedAnswer, a.Text))
            .ExpectReply(a =>
            {
                Assert.StartsWith("Въпрос 3 от", a.Text, StringComparison.Ordinal);
                Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Пропусни");
            })
            .ExpectNoMoreReplies()
            .Send(idea)
            .ExpectReply("Въпрос 4 от")
            .ExpectNoMoreReplies();

        var answers = await AnswersAsync(responses);
        Assert.Equal(["overall-rating", "usefulness", "improve"], answers.Select(a => a.QuestionId));
        Assert.Equal($$"""{"text":"{{idea}}"}""", answers[2].ValueJson);
        Assert.Empty(await bot.Unanswered.ListAsync(10, Ct));
        // The failed turn left no trace in the transcript: the idea went in once, with the turn that stored it.
        var transcript = await bot.Transcripts.ReadAsync(flow.Key.ToString(), Ct);
        Assert.Single(transcript, e => e.Direction == TranscriptEntry.Inbound && e.ActivityJson.Contains("малки групи", StringComparison.Ordinal));
        Assert.DoesNotContain(transcript, e => e.ActivityJson.Contains("запазването", StringComparison.Ordinal));
    }

    [Fact]
    public async Task While_the_storage_keeps_failing_every_answer_gets_try_again_and_the_state_stays_exactly_as_it_was()
    {
        var responses = new FailingSurveyResponseStore(new InMemorySurveyResponseStore());
        var bot = new TestBot(responses: responses);
        var flow = await AtFirstQuestionAsync(bot);
        var before = await bot.State.ReadAsync(flow.Key.StateKey, Ct);
        var transcriptBefore = (await bot.Transcripts.ReadAsync(flow.Key.ToString(), Ct)).Count;

        responses.AnswerWrites.Always();
        foreach (var answer in new[] { "5", "5", "4" })
        {
            await flow.Send(answer)
                .ExpectReply(a => Assert.Equal(NotSavedAnswer, a.Text))
                .ExpectReply(a => Assert.StartsWith("Въпрос 1 от", a.Text, StringComparison.Ordinal))
                .ExpectNoMoreReplies();
        }

        Assert.Equal(3 * TurnProcessor.StorageAttempts, responses.AnswerWrites.Calls);
        Assert.Equal(before, await bot.State.ReadAsync(flow.Key.StateKey, Ct));
        Assert.Equal(transcriptBefore, (await bot.Transcripts.ReadAsync(flow.Key.ToString(), Ct)).Count);
        Assert.Empty(await AnswersAsync(responses));
        Assert.Empty(await bot.Unanswered.ListAsync(10, Ct));

        responses.AnswerWrites.Heal();
        await flow.Send("5").ExpectReply("Въпрос 2 от");
    }

    [Fact]
    public async Task A_state_write_that_fails_for_a_whole_turn_keeps_the_question_and_the_answer_sent_again_is_stored_once()
    {
        var state = new FailingStateStore(new InMemoryStateStore());
        var responses = new FailingSurveyResponseStore(new InMemorySurveyResponseStore());
        var bot = new TestBot(state, responses: responses);
        var flow = await AtFirstQuestionAsync(bot);
        var before = await bot.State.ReadAsync(flow.Key.StateKey, Ct);

        state.Writes.Next(TurnProcessor.StorageAttempts);
        await flow.Send("5")
            .ExpectReply(a => Assert.Equal(NotSavedAnswer, a.Text))
            .ExpectReply("Въпрос 1 от")
            .ExpectNoMoreReplies();
        Assert.Equal(before, await bot.State.ReadAsync(flow.Key.StateKey, Ct));
        // The state write was tried again on its own: the dialog did not store the answer once per try.
        Assert.Equal(1, responses.AnswerWrites.Calls);

        await flow.Send("5").ExpectReply("Въпрос 2 от").ExpectNoMoreReplies();
        var answer = Assert.Single(await AnswersAsync(responses));
        Assert.Equal(("overall-rating", """{"value":5}"""), (answer.QuestionId, answer.ValueJson));
    }

    [Fact]
    public async Task A_state_that_cannot_be_read_gets_try_again_and_the_next_message_continues_the_survey()
    {
        var state = new FailingStateStore(new InMemoryStateStore());
        var bot = new TestBot(state);
        var flow = await AtFirstQuestionAsync(bot);

        state.Reads.Next(TurnProcessor.StorageAttempts);
        await flow.Send("5").ExpectReply(a => Assert.Equal(NotSavedMessage, a.Text)).ExpectNoMoreReplies()
            .Send("5").ExpectReply("Въпрос 2 от");
    }

    [Fact]
    public async Task Only_a_bug_resets_the_survey_a_failing_storage_keeps_it()
    {
        var responses = new FailingSurveyResponseStore(new InMemorySurveyResponseStore());
        var bot = new TestBot(responses: responses);
        var flow = await AtFirstQuestionAsync(bot);

        responses.AnswerWrites.Next(TurnProcessor.StorageAttempts);
        await flow.Send("5").ExpectReply(a => Assert.Equal(NotSavedAnswer, a.Text)).SkipReplies();
        Assert.NotEmpty(await StackAsync(bot, flow));

        responses.AnswerWrites.Exception = () => new InvalidOperationException("a bug behind the store");
        responses.AnswerWrites.Next(1);
        await flow.Send("5").ExpectReply("Започваме отначало").SkipReplies();

        Assert.Equal(TurnProcessor.StorageAttempts + 1, responses.AnswerWrites.Calls);   // a bug is not tried again
        Assert.Empty(await StackAsync(bot, flow));
    }

    [Fact]
    public async Task A_message_cut_for_its_length_is_still_not_taken_as_an_answer_when_its_turn_runs_again()
    {
        var state = new FailingStateStore(new InMemoryStateStore());
        var bot = new TestBot(state);
        var flow = await AtFirstQuestionAsync(bot);

        state.Reads.Next(1);
        await flow.Send("5 " + new string('а', TurnProcessor.MaxTextLength))
            .ExpectReply("Съобщението е твърде дълго")
            .ExpectReply("Въпрос 1 от")
            .ExpectNoMoreReplies();
    }

    [Fact]
    public async Task A_turn_whose_transcript_cannot_be_written_stands_and_gets_its_replies()
    {
        var transcripts = new FailingTranscriptStore(new InMemoryTranscriptStore());
        var bot = new TestBot(transcripts: transcripts);
        var flow = await AtFirstQuestionAsync(bot);

        transcripts.Appends.Always();
        await flow.Send("5").ExpectReply("Въпрос 2 от").ExpectNoMoreReplies();
        transcripts.Appends.Heal();
        await flow.Send("4").ExpectReply("Въпрос 3 от");
    }

    [Fact]
    public async Task A_member_joining_while_the_storage_fails_gets_no_reply_and_a_message_gets_try_again()
    {
        var state = new FailingStateStore(new InMemoryStateStore());
        var bot = new TestBot(state);
        state.Writes.Always();

        await new TestFlow(bot).Join().ExpectNoMoreReplies()
            .Send("Какво е ICC?").ExpectReply(a => Assert.Equal(NotSavedMessage, a.Text)).ExpectNoMoreReplies();
    }

    /// <summary>The anonymous workshop survey, consent given, its first question (a 1–5 rating) asked.</summary>
    private static async Task<TestFlow> AtFirstQuestionAsync(TestBot bot)
    {
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies()
            .Send("/survey workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм").ExpectReply("Въпрос 1 от").ExpectNoMoreReplies();
        return flow;
    }

    private static async Task<IReadOnlyList<SurveyAnswer>> AnswersAsync(FailingSurveyResponseStore responses) =>
        await responses.GetAnswersAsync(Assert.Single(responses.Started), Ct);

    private static async Task<List<DialogFrame>> StackAsync(TestBot bot, TestFlow flow)
    {
        var entry = await bot.State.ReadAsync(flow.Key.StateKey, Ct);
        return System.Text.Json.JsonSerializer.Deserialize<ConversationState>(entry!.Json, DialogJson.Options)!.Stack;
    }
}
