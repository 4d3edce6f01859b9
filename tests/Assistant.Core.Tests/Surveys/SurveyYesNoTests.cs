namespace Assistant.Core.Tests.Surveys;

/// <summary>The survey's yes/no questions (resume, consent, stop) all read yes and no the same way.</summary>
public sealed class SurveyYesNoTests
{
    private const string EGov = "e-government-participation";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consent_takes_the_button_title_of_the_other_language()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("English").SkipReplies()
            .Send("/survey " + EGov).SkipReplies()
            .Send("Съгласен/на съм")
            .ExpectReply(a => Assert.StartsWith("Question 1 of", a.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("да")]
    [InlineData("Continue")]
    public async Task The_resume_offer_takes_a_typed_yes_or_the_continue_button_of_either_language(string answer)
    {
        await PauseAndComeBack(new TestBot())
            .Send(answer)
            .ExpectReply("Въпрос 2 от")
            .SkipReplies();
    }

    // "Start over", the English restart button, is not among these: the restart command takes those words first.
    [Theory]
    [InlineData("не")]
    [InlineData("nope")]
    [InlineData("Започни отначало")]
    public async Task The_resume_offer_takes_a_typed_no_or_the_restart_button(string answer)
    {
        var bot = new TestBot();
        await PauseAndComeBack(bot)
            .Send(answer)
            .SkipReplies();

        var earlier = Assert.Single(await bot.Responses.FindByParticipantAsync(EGov, bot.Participants.For("test", "user-1"), Ct));
        Assert.Equal(Assistant.Core.Surveys.ResponseStatus.Abandoned, earlier.Status);
    }

    [Fact]
    public async Task The_resume_offer_asks_again_on_a_non_answer()
    {
        await PauseAndComeBack(new TestBot())
            .Send("може би")
            .ExpectReply("„Да“ или „Не“")
            .ExpectButtons("Продължи", "Започни отначало");
    }

    [Theory]
    // Understood in English, answered in Bulgarian: inside a survey only the language command changes the language.
    [InlineData("Stop the survey", "Анкетата е прекратена")]
    [InlineData("не", "Въпрос 2 от")]
    public async Task Stopping_is_confirmed_with_either_languages_buttons_or_typed_words(string answer, string next)
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("/survey " + EGov).SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("откажи")
            .ExpectReply(a =>
            {
                Assert.Contains("Сигурни ли сте", a.Text, StringComparison.Ordinal);
                Assert.Equal(["Прекрати анкетата", "Не, продължавам"], a.SuggestedActions!.Actions.Select(b => b.Title));
            })
            .Send(answer)
            .ExpectReply(next)
            .SkipReplies();
    }

    /// <summary>Answers the first question, pauses, and starts the survey again: the offer to resume is pending.</summary>
    private static TestFlow PauseAndComeBack(TestBot bot) =>
        new TestFlow(bot).Join().SkipReplies()
            .Send("/survey " + EGov).SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("пауза").SkipReplies()
            .Send("/survey " + EGov)
            .ExpectReply("Да продължим ли");
}
