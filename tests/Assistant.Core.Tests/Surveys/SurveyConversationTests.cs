using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Surveys;

public sealed class SurveyConversationTests
{
    private const string EGov = "e-government-participation";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_whole_survey_through_buttons_and_typed_answers_stores_every_answer_once()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("Анкети")
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Електронно управление и гражданско участие в София"))
            .Send("Електронно управление и гражданско участие в София")
            .ExpectReply("Иновативна София")
            .ExpectReply(a => Assert.Equal(["Съгласен/на съм", "Не, благодаря"], a.SuggestedActions!.Actions.Select(b => b.Title)))
            .Send("Съгласен/на съм")
            .ExpectReply(a =>
            {
                Assert.StartsWith("Въпрос 1 от", a.Text, StringComparison.Ordinal);
                Assert.Equal("Поне веднъж месечно", a.SuggestedActions!.Actions[0].Title);
            })
            .Send("Поне веднъж месечно")
            .ExpectReply(a => Assert.Equal(["1", "2", "3", "4", "5"], a.SuggestedActions!.Actions.Select(b => b.Title)))
            .Send("2")
            .ExpectReply("Въпрос 3 от")          // low satisfaction: "why?" is shown
            .Send("Трудно се намира всичко <b>тук</b>")
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Готово"))
            .Send("Сложни стъпки и формуляри")
            .ExpectReply(a =>
            {
                Assert.Contains("Избрано: Сложни стъпки и формуляри", a.Text, StringComparison.Ordinal);
                Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "✓ Сложни стъпки и формуляри");
                Assert.True((bool?)a.ChannelData?["assistant"]?["updatesPrevious"]);
            })
            .Send("Друго")
            .ExpectReply("уточнете")
            .Send("Няма ги на едно място")
            .ExpectReply("Избрано: Сложни стъпки и формуляри, Друго")
            .Send("Готово")
            .ExpectReply(a => Assert.Equal(11, a.SuggestedActions!.Actions.Count))   // NPS 0–10
            .Send("8")
            .ExpectReply("до 3 отговора")                                             // priorities, max 3
            .Send("1, 3, 5")
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Чатбот като този"))
            .Send("втория")
            .ExpectReply("Избрано: Чатбот като този")
            .Send("готово")
            .ExpectReply(a => Assert.Equal(["Да", "Не"], a.SuggestedActions!.Actions.Select(b => b.Title)))
            .Send("да")
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Пропусни"))
            .Send("Лозенц")                                                            // district, with a typo
            .SkipReplies()
            .Send("35–44")
            .SkipReplies()
            .Send("Пропусни")
            .ExpectReply("Благодарим Ви!")
            .SkipReplies();

        var response = Assert.Single(await AllResponsesAsync(bot, EGov));
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.NotNull(response.ParticipantKey);
        var answers = (await bot.Responses.GetAnswersAsync(response.Id, Ct)).ToDictionary(a => a.QuestionId, a => a.ValueJson);
        Assert.Equal("""{"option":"often"}""", answers["e-services-use"]);
        Assert.Equal("""{"value":2}""", answers["satisfaction"]);
        Assert.Equal("""{"text":"Трудно се намира всичко <b>тук</b>"}""", answers["satisfaction-why"]);
        Assert.Equal("""{"options":["complicated","other"],"other":"Няма ги на едно място"}""", answers["obstacles"]);
        Assert.Equal("""{"value":8}""", answers["recommend"]);
        Assert.Equal("""{"options":["one-stop-portal","easy-login","open-data"]}""", answers["priorities"]);
        Assert.Equal("""{"options":["chat-bot"]}""", answers["participation-channels"]);
        Assert.Equal("""{"option":"yes"}""", answers["workshop-interest"]);
        Assert.Equal("""{"option":"lozenets"}""", answers["district"]);
        Assert.Equal("""{"skipped":true}""", answers["idea"]);
        Assert.False(answers.ContainsKey("non-use-reasons"));
        Assert.Equal(11, answers.Count);
    }

    [Fact]
    public async Task Branching_the_other_way_shows_the_non_use_question_and_hides_satisfaction()
    {
        var bot = new TestBot();
        await StartEGovAsync(bot)
            .Send("Нито веднъж")
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Предпочитам на гише"))
            .SkipReplies();
    }

    [Fact]
    public async Task Declining_consent_stores_nothing()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("/survey " + EGov).SkipReplies()
            .Send("Не, благодаря")
            .ExpectReply("нищо не е записано")
            .SkipReplies();

        Assert.Empty(await AllResponsesAsync(bot, EGov));
        Assert.Empty(await bot.Responses.GetConsentsAsync(bot.Participants.For("test", "user-1"), Ct));
    }

    [Fact]
    public async Task Accepting_consent_records_it_with_the_notice_version()
    {
        var bot = new TestBot();
        await StartEGovAsync(bot).SkipReplies();

        var consent = Assert.Single(await bot.Responses.GetConsentsAsync(bot.Participants.For("test", "user-1"), Ct));
        Assert.Equal(EGov, consent.SurveyId);
        Assert.Equal(1, consent.ConsentVersion);
        Assert.Equal("test", consent.Channel);
    }

    [Fact]
    public async Task Out_of_range_answers_get_a_specific_hint_and_after_three_an_offer_to_stop()
    {
        var bot = new TestBot();
        await StartEGovAsync(bot)
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("9")
            .ExpectReply("от 1 до 5")
            .ExpectReply("Въпрос 2 от")
            .Send("много")
            .SkipReplies()
            .Send("-3")
            .SkipReplies()
            .Send("седем")
            .ExpectReply("от 1 до 5")
            .ExpectReply(a =>
            {
                Assert.Contains("не се разбираме", a.Text, StringComparison.Ordinal);
                Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Прекрати анкетата");
            })
            .Send("Прекрати анкетата")
            .ExpectReply("Сигурни ли сте")
            .Send("Прекрати анкетата")
            .ExpectReply("прекратена")
            .SkipReplies();

        var response = Assert.Single(await AllResponsesAsync(bot, EGov));
        Assert.Equal(ResponseStatus.Abandoned, response.Status);
        Assert.Single(await bot.Responses.GetAnswersAsync(response.Id, Ct));
    }

    [Fact]
    public async Task Help_explains_the_question_and_asks_it_again()
    {
        await StartEGovAsync(new TestBot())
            .Send("помощ")
            .ExpectReply(a =>
            {
                Assert.Contains("подаване на заявление", a.Text, StringComparison.Ordinal);   // the question's own help
                Assert.Contains("пауза", a.Text, StringComparison.Ordinal);
            })
            .ExpectReply("Въпрос 1 от");
    }

    [Fact]
    public async Task A_knowledge_question_mid_survey_is_answered_and_the_same_question_follows()
    {
        await StartEGovAsync(new TestBot())
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply("Европейската комисия")
            .ExpectReply("Връщаме се към анкетата")
            .ExpectReply("Въпрос 1 от");
    }

    [Fact]
    public async Task Switching_language_mid_survey_asks_the_same_question_in_English()
    {
        await StartEGovAsync(new TestBot())
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("English")
            .ExpectReply("we continue in English")
            .ExpectReply(a => Assert.StartsWith("Question 2 of", a.Text, StringComparison.Ordinal))
            .Send("4")
            .ExpectReply(a => Assert.StartsWith("Question 3 of", a.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_asks_for_confirmation_keeps_partial_answers_and_marks_the_response_abandoned()
    {
        var bot = new TestBot();
        await StartEGovAsync(bot)
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("откажи")
            .ExpectReply("Сигурни ли сте")
            .Send("Не, продължавам")
            .ExpectReply("Въпрос 2 от")
            .Send("откажи").SkipReplies()
            .Send("да")
            .ExpectReply("прекратена")
            .SkipReplies();

        var response = Assert.Single(await AllResponsesAsync(bot, EGov));
        Assert.Equal(ResponseStatus.Abandoned, response.Status);
        Assert.Single(await bot.Responses.GetAnswersAsync(response.Id, Ct));
    }

    [Fact]
    public async Task Pausing_and_coming_back_continues_where_the_participant_left_off()
    {
        var bot = new TestBot();
        await StartEGovAsync(bot)
            .Send("Няколко пъти в годината").SkipReplies()
            .Send("пауза")
            .ExpectReply("на пауза")
            .SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply("Европейската комисия")
            .SkipReplies();

        // Later, in another conversation of the same person.
        await new TestFlow(bot, conversationId: "conv-later")
            .Send("анкета " + EGov)
            .ExpectReply("Да продължим ли")
            .Send("Продължи")
            .ExpectReply("Въпрос 2 от")
            .Send("5")
            .ExpectReply("Въпрос 3 от");

        var response = Assert.Single(await AllResponsesAsync(bot, EGov));
        Assert.Equal(2, (await bot.Responses.GetAnswersAsync(response.Id, Ct)).Count);
    }

    [Fact]
    public async Task A_survey_once_per_participant_is_refused_politely_the_second_time()
    {
        var bot = new TestBot();
        var responseId = Guid.NewGuid();
        var key = bot.Participants.For("test", "user-1");
        await bot.Responses.StartAsync(new SurveyResponse(responseId, EGov, 1, key, "test", DateTimeOffset.UtcNow, null, ResponseStatus.InProgress), Ct);
        await bot.Responses.FinishAsync(responseId, ResponseStatus.Completed, DateTimeOffset.UtcNow, Ct);

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/survey " + EGov)
            .ExpectReply("Вече сте попълнили")
            .SkipReplies();
    }

    [Fact]
    public async Task An_anonymous_survey_stores_no_participant_key()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("/start workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм")
            .ExpectReply("Въпрос 1 от")
            .Send("5").SkipReplies()
            .Send("4").SkipReplies()
            .Send("Пропусни").SkipReplies()
            .Send("не")                       // join again: no → the format question is not shown
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Бизнес"))
            .Send("бизнес")
            .ExpectReply("Благодарим")
            .SkipReplies();

        var all = await AllResponsesAsync(bot, "workshop-feedback");
        Assert.Empty(all);   // not findable by participant
        var consents = await bot.Responses.GetConsentsAsync(bot.Participants.For("test", "user-1"), Ct);
        Assert.Single(consents);
    }

    [Fact]
    public async Task A_deep_link_with_garbage_gets_a_clear_reply_and_the_survey_list()
    {
        await new TestFlow(new TestBot())
            .Send("/start no-such-survey")
            .ExpectReply("Не намерих такава анкета")
            .ExpectReply(a => Assert.Equal(2, a.SuggestedActions!.Actions.Count));
    }

    [Fact]
    public async Task A_definition_changed_mid_survey_continues_on_the_new_version_without_losing_answers()
    {
        var source = new MutableSurveySource(TestBot.Surveys);
        var bot = new TestBot(surveys: source);
        await StartEGovAsync(bot)
            .Send("Поне веднъж месечно").SkipReplies();

        var original = TestBot.Surveys.Find(EGov)!;
        var changed = original with
        {
            Version = 2,
            Hash = "changed",
            Questions = original.Questions.Where(q => q.Id != "satisfaction" && q.Id != "satisfaction-why").ToList(),
        };
        source.Current = new SurveyCatalog(TestBot.Surveys.All.Select(s => s.Id == EGov ? changed : s).ToList());

        await new TestFlow(bot, conversationId: "conv-1")
            .Send("4")
            .ExpectReply("обновена")
            .ExpectReply(a => Assert.Contains(a.SuggestedActions!.Actions, b => b.Title == "Готово"));   // obstacles

        var response = Assert.Single(await AllResponsesAsync(bot, EGov));
        Assert.Equal(1, response.SurveyVersion);
        Assert.Single(await bot.Responses.GetAnswersAsync(response.Id, Ct));
    }

    private static TestFlow StartEGovAsync(TestBot bot) =>
        new TestFlow(bot).Join().SkipReplies()
            .Send("/survey " + EGov).SkipReplies()
            .Send("Съгласен/на съм")
            .ExpectReply("Въпрос 1 от");

    private static Task<IReadOnlyList<SurveyResponse>> AllResponsesAsync(TestBot bot, string surveyId) =>
        bot.Responses.FindByParticipantAsync(surveyId, bot.Participants.For("test", "user-1"), Ct);

    private sealed class MutableSurveySource(SurveyCatalog catalog) : ISurveySource
    {
        public SurveyCatalog Current { get; set; } = catalog;
    }
}

public sealed class SurveyNumberQuestionTests
{
    [Fact]
    public async Task A_number_question_accepts_decimals_in_range_and_explains_the_range_otherwise()
    {
        var original = TestBot.Surveys.Find("workshop-feedback")!;
        var number = new SurveyQuestion("people", QuestionType.Number,
            new Assistant.Core.Language.LocalizedText("Колко души бяхте от Вашата организация?", "How many of you came from your organisation?"),
            null, true, [], false, null, null, null, null, 1, 50, null);
        var survey = original with { Questions = [number, .. original.Questions] };
        var bot = new TestBot(surveys: new FixedSurveySource(new SurveyCatalog([survey])));

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/survey workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм")
            .ExpectReply("Колко души")
            .Send("сто")
            .ExpectReply("от 1 до 50")
            .SkipReplies()
            .Send("0")
            .ExpectReply("от 1 до 50")
            .SkipReplies()
            .Send("2,5")
            .ExpectReply("Въпрос 2 от");
    }
}
