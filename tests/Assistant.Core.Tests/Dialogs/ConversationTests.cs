namespace Assistant.Core.Tests.Dialogs;

public sealed class ConversationTests
{
    [Fact]
    public async Task Greets_in_Bulgarian_by_default_and_offers_the_menu()
    {
        await new TestFlow(new TestBot())
            .Join()
            .ExpectReply("Здравейте")
            .ExpectButtons("Задай въпрос", "Попитай екипа", "Анкети", "Моите данни", "Помощ", "English / Български")
            .ExpectNoMoreReplies();
    }

    [Fact]
    public async Task Greets_in_English_when_the_client_locale_is_English()
    {
        await new TestFlow(new TestBot(), locale: "en-US")
            .Join()
            .ExpectReply("Hello! I am the digital assistant")
            .ExpectButtons("Ask a question", "Ask the team", "Surveys", "My data", "Help", "Български / English");
    }

    [Fact]
    public async Task First_message_without_a_join_is_greeted_too()
    {
        await new TestFlow(new TestBot())
            .Send("здравей")
            .ExpectReply("Здравейте")
            .SkipReplies();
    }

    [Fact]
    public async Task Asking_for_English_switches_and_the_choice_outlives_the_conversation()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("English")
            .ExpectReply("we continue in English")
            .ExpectReply(a => Assert.Equal("en-US", a.Locale));

        // The same user in a new conversation keeps English even though the client says Bulgarian.
        await new TestFlow(bot, conversationId: "conv-2", locale: "bg-BG")
            .Send("help")
            .ExpectReply("Here is how to talk to me");
    }

    [Fact]
    public async Task Language_menu_item_asks_with_a_choice_prompt_and_reprompts_on_nonsense()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("English / Български")
            .ExpectButtons("Български", "English")
            .Send("klingon")
            .ExpectReply("изберете един от бутоните")
            .ExpectButtons("Български", "English")
            .Send("2")
            .ExpectReply("we continue in English")
            .ExpectButtons("Ask a question", "Ask the team", "Surveys", "My data", "Help", "Български / English");
    }

    [Fact]
    public async Task Pressing_English_in_the_language_question_answers_it_instead_of_asking_again()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("English / Български").SkipReplies()
            .Send("English")
            .ExpectReply("we continue in English")
            .ExpectButtons("Ask a question", "Ask the team", "Surveys", "My data", "Help", "Български / English")
            .ExpectNoMoreReplies();
    }

    [Fact]
    public async Task Choice_prompt_gives_up_after_three_failed_answers()
    {
        var flow = new TestFlow(new TestBot());
        await flow.Join().SkipReplies()
            .Send("език").SkipReplies()
            .Send("а").SkipReplies()
            .Send("б").SkipReplies()
            .Send("в")
            .ExpectReply("не се разбираме")
            .SkipReplies()
            .Send("1")
            .ExpectReply("Още не знам");
    }

    [Fact]
    public async Task Help_during_a_prompt_explains_and_asks_the_same_question_again()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("език").SkipReplies()
            .Send("помощ")
            .ExpectReply("Ето как да разговаряте с мен")
            .ExpectButtons("Български", "English")
            .Send("1")
            .ExpectReply("продължаваме на български");
    }

    [Fact]
    public async Task Cancel_leaves_the_prompt_and_shows_the_menu()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("език").SkipReplies()
            .Send("откажи")
            .ExpectReply("прекратих")
            .ExpectButtons("Задай въпрос", "Попитай екипа", "Анкети", "Моите данни", "Помощ", "English / Български")
            .Send("откажи")
            .ExpectReply("Няма какво да прекратя")
            .SkipReplies();
    }

    [Fact]
    public async Task Slash_commands_with_a_bot_mention_are_understood()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("/help@sofia_assistant_bot")
            .ExpectReply("Ето как да разговаряте с мен")
            .SkipReplies();
    }

    [Fact]
    public async Task Restart_clears_the_stack_and_greets_again()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies()
            .Send("език").SkipReplies()
            .Send("отначало")
            .ExpectReply("Здравейте")
            .SkipReplies()
            .Send("2")
            .ExpectReply("Още не знам");
    }

    [Fact]
    public async Task Every_turn_is_in_the_transcript_both_ways()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies().Send("помощ").SkipReplies();

        var transcript = await bot.Transcripts.ReadAsync(flow.Key.ToString(), TestContext.Current.CancellationToken);

        Assert.Equal(2, transcript.Count(e => e.Direction == "in"));
        Assert.Equal(flow.AllReplies.Count, transcript.Count(e => e.Direction == "out"));
        Assert.Contains(transcript, e => e.Direction == "in" && e.ActivityJson.Contains("помощ", StringComparison.Ordinal));
    }
}
