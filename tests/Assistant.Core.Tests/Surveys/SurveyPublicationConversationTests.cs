using Assistant.Core.Surveys;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Surveys;

/// <summary>A survey staff closed takes no new responses and ends one in progress kindly; "/results" lists what is published.</summary>
public sealed class SurveyPublicationConversationTests
{
    private const string EGov = "e-government-participation";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_survey_closed_by_staff_is_off_the_list_and_refuses_a_new_start_in_both_languages()
    {
        var bot = new TestBot();
        await bot.Publications.CloseAsync(EGov, "ada", DateTimeOffset.UtcNow, Ct);

        await new TestFlow(bot)
            .Send("анкети")
            .ExpectReply(a =>
            {
                Assert.DoesNotContain("Електронно управление", a.Text, StringComparison.Ordinal);
                Assert.DoesNotContain(a.SuggestedActions!.Actions, b => b.Title?.StartsWith("Електронно управление", StringComparison.Ordinal) == true);
            })
            .Send("/survey " + EGov)
            .ExpectReply("Анкетата „Електронно управление и гражданско участие в София“ вече е затворена.")
            .SkipReplies();
        await new TestFlow(bot, conversationId: "conv-2", userId: "user-2", locale: "en-US")
            .Send("/start " + EGov)
            .ExpectReply("The survey \"E-government and citizen participation in Sofia\" is closed.")
            .SkipReplies();

        Assert.Empty(await bot.Responses.FindByParticipantAsync(EGov, bot.Participants.For("test", "user-1"), Ct));
        Assert.Empty(await bot.Responses.FindByParticipantAsync(EGov, bot.Participants.For("test", "user-2"), Ct));
    }

    [Fact]
    public async Task A_participant_in_the_middle_is_told_the_survey_closed_and_keeps_what_they_answered()
    {
        var bot = new TestBot();
        var key = bot.Participants.For("test", "user-1");
        var flow = new TestFlow(bot)
            .Send("/survey " + EGov).SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("Поне веднъж месечно")
            .ExpectReply(a => Assert.Equal(["1", "2", "3", "4", "5"], a.SuggestedActions!.Actions.Select(b => b.Title)));
        await flow;
        await bot.Publications.CloseAsync(EGov, "ada", DateTimeOffset.UtcNow, Ct);

        await flow
            .Send("4")
            .ExpectReply("Анкетата „Електронно управление и гражданско участие в София“ беше затворена, докато я попълвахте. Отговорите, които вече дадохте, са запазени")
            .SkipReplies()
            .Send("5")
            .ExpectReply(a => Assert.DoesNotContain("Въпрос", a.Text, StringComparison.Ordinal))
            .SkipReplies();

        var response = Assert.Single(await bot.Responses.FindByParticipantAsync(EGov, key, Ct));
        var answers = await bot.Responses.GetAnswersAsync(response.Id, Ct);
        Assert.Equal(["e-services-use"], answers.Select(a => a.QuestionId));
        Assert.Equal("often", SurveyAnswerValue.FromJson(answers[0].ValueJson).Option);
        Assert.NotEqual(ResponseStatus.Completed, response.Status);
    }

    [Fact]
    public async Task Results_says_kindly_when_nothing_is_published_and_then_links_each_published_survey_in_the_chat_language()
    {
        var bot = new TestBot();

        await new TestFlow(bot)
            .Send("/results")
            .ExpectReply("Все още няма публикувани резултати от анкетите. Ако искате да Ви пиша, когато излязат, напишете „известия“")
            .SkipReplies();

        await bot.Publications.CloseAsync(EGov, "ada", DateTimeOffset.UtcNow, Ct);
        await bot.Publications.PublishAsync(EGov, "https://assistant.example.org/results/" + EGov, "{}", "ada", DateTimeOffset.UtcNow, Ct);
        await bot.Publications.CloseAsync("workshop-feedback", "ada", DateTimeOffset.UtcNow, Ct);   // closed, not published: not listed

        await new TestFlow(bot, conversationId: "conv-2")
            .Send("резултати от анкетите")
            .ExpectReply(a =>
            {
                Assert.StartsWith("Публикувани резултати от анкетите", a.Text, StringComparison.Ordinal);
                Assert.Contains("- [Електронно управление и гражданско участие в София](https://assistant.example.org/results/e-government-participation?lang=bg)",
                    a.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("workshop", a.Text, StringComparison.OrdinalIgnoreCase);
            })
            .SkipReplies();
        await new TestFlow(bot, conversationId: "conv-3", locale: "en-US")
            .Send("survey results")
            .ExpectReply("- [E-government and citizen participation in Sofia](https://assistant.example.org/results/e-government-participation?lang=en)")
            .SkipReplies();
    }

    [Fact]
    public async Task Results_during_a_survey_answers_and_asks_the_pending_question_again()
    {
        var bot = new TestBot();

        await new TestFlow(bot)
            .Send("/survey " + EGov).SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("/results")
            .ExpectReply("Все още няма публикувани резултати")
            .ExpectReply(a => Assert.Equal("Поне веднъж месечно", a.SuggestedActions!.Actions[0].Title));
    }

    [Fact]
    public async Task After_a_knowledge_answer_surveys_are_offered_only_while_one_is_still_taking_responses()
    {
        var open = new TestBot();
        var closed = new TestBot();
        foreach (var survey in TestBot.Surveys.All)
        {
            await closed.Publications.CloseAsync(survey.Id, "ada", DateTimeOffset.UtcNow, Ct);
        }

        await new TestFlow(open)
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply("имаме и кратки анкети");
        await new TestFlow(closed)
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply(a => Assert.DoesNotContain("имаме и кратки анкети", a.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Къде мога да видя резултатите от анкетата?", null, "Все още няма публикувани резултати от анкетите.")]
    [InlineData("Какво излезе от проучването, в което участвах?", null, "Все още няма публикувани резултати от анкетите.")]
    [InlineData("Are the results of the survey out yet?", "en-US", "No survey results have been published yet.")]
    [InlineData("what came out of the questionnaire", "en-US", "No survey results have been published yet.")]
    public async Task Asking_for_the_results_in_ones_own_words_runs_the_results_command(string question, string? locale, string reply)
    {
        await new TestFlow(new TestBot(), locale: locale)
            .Send(question)
            .ExpectReply(reply);
    }
}
