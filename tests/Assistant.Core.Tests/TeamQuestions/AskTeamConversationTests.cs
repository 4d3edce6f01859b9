using Assistant.Core.TeamQuestions;

namespace Assistant.Core.Tests.TeamQuestions;

public sealed class AskTeamConversationTests
{
    private const string Unknown = "Кога ще ремонтират детската площадка в Лозенец?";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_fallback_the_question_is_confirmed_stored_without_email_and_given_a_reference()
    {
        var bot = new TestBot();
        string? saved = null;
        await new TestFlow(bot).Join().SkipReplies()
            .Send(Unknown)
            .ExpectReply(a => Assert.Contains("Попитай екипа", a.Text, StringComparison.Ordinal))
            .SkipReplies()
            .Send("Попитай екипа")
            .ExpectReply(a =>
            {
                Assert.Equal("plain", a.TextFormat);
                Assert.Contains(Unknown, a.Text, StringComparison.Ordinal);
                Assert.Equal(["Изпрати въпроса", "Отказ"], a.SuggestedActions!.Actions.Select(b => b.Title));
            })
            .Send("Изпрати въпроса")
            .ExpectReply("180 дни")
            .ExpectButtons("Без имейл", "Отказ")
            .Send("Без имейл")
            .ExpectReply(a =>
            {
                saved = a.Text;
                Assert.Contains("до 3 работни дни", a.Text, StringComparison.Ordinal);
            });

        var question = Assert.Single(await bot.TeamQuestions.ListAsync([TeamQuestionStatus.Open], 10, Ct));
        Assert.Equal(Unknown, question.Text);
        Assert.Null(question.Email);
        Assert.Equal("bg", question.Language);
        Assert.Equal("test/conv-1", question.ConversationKey);
        Assert.Equal(bot.Participants.For("test", "user-1"), question.ParticipantKey);
        Assert.Contains(question.Reference, saved, StringComparison.Ordinal);
        Assert.NotNull(TeamQuestionReference.Parse(question.Reference));
    }

    [Fact]
    public async Task On_request_in_English_the_citizen_writes_the_question_and_a_bad_email_is_asked_again_without_losing_it()
    {
        var bot = new TestBot();
        await new TestFlow(bot, locale: "en-GB").Join().SkipReplies()
            .Send("I want to talk to a person")
            .ExpectReply("Write your question")
            .Send("Who decides on the **digital** <b>strategy</b> budget?")
            .ExpectReply("180 days")
            .ExpectButtons("No e-mail", "Cancel")
            .Send("maria at example")
            .ExpectReply("does not look like an e-mail address")
            .Send("maria@example.com")
            .ExpectReply("usually replies within 3 working days");

        var question = Assert.Single(await bot.TeamQuestions.ListAsync([TeamQuestionStatus.Open], 10, Ct));
        Assert.Equal("Who decides on the **digital** <b>strategy</b> budget?", question.Text);
        Assert.Equal("maria@example.com", question.Email);
        Assert.Equal("en", question.Language);
    }

    [Fact]
    public async Task After_a_thumbs_down_the_answered_question_is_offered_and_contact_command_starts_it()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?").SkipReplies()
            .Send("👎")
            .ExpectReply("Попитай екипа")
            .SkipReplies()
            .Send("/contact")
            .ExpectReply(a => Assert.Contains("Какво е Intelligent Cities Challenge?", a.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancel_sends_nothing()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("свържете ме с човек")
            .ExpectReply("Напишете въпроса си")
            .Send("Отказ")
            .ExpectReply("прекратих")
            .SkipReplies();

        Assert.Empty(await bot.TeamQuestions.ListAsync(Enum.GetValues<TeamQuestionStatus>(), 10, Ct));
    }

    [Fact]
    public async Task A_reply_is_answered_once_thanks_closes_and_a_second_tap_finds_nothing_waiting()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies().Send("/contact").SkipReplies().Send("Кой отговаря за Wi-Fi в парковете?").SkipReplies()
            .Send("Без имейл").SkipReplies();
        var question = Assert.Single(await bot.TeamQuestions.ListAsync([TeamQuestionStatus.Open], 10, Ct));
        Assert.True(await bot.TeamQuestions.UpdateAsync(question with
        {
            Status = TeamQuestionStatus.Answered, Reply = "Общинското предприятие „Софийска мрежа“.", Delivery = TeamDelivery.Delivered,
        }, question.Version, Ct));

        await flow.Send("Не отговаря на въпроса ми").ExpectReply(question.Reference).SkipReplies()
            .Send("Не отговаря на въпроса ми").ExpectReply("няма отговор от екипа").SkipReplies();

        var reopened = (await bot.TeamQuestions.GetAsync(question.Id, Ct))!;
        Assert.Equal(TeamQuestionStatus.Open, reopened.Status);
        Assert.Equal(TeamFollowUp.Reopened, reopened.FollowUp);
    }

    [Fact]
    public async Task My_data_lists_the_question_its_email_and_the_reply_as_plain_text()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies().Send("/contact").SkipReplies().Send("<i>Кога</i> е следващата среща?").SkipReplies()
            .Send("ivan@example.bg").SkipReplies();

        await flow.Send("/mydata").ExpectReply(a =>
        {
            Assert.Equal("plain", a.TextFormat);
            Assert.Contains("„<i>Кога</i> е следващата среща?“", a.Text, StringComparison.Ordinal);
            Assert.Contains("ivan@example.bg", a.Text, StringComparison.Ordinal);
            Assert.Contains("чака отговор", a.Text, StringComparison.Ordinal);
        });
    }

    [Theory]
    [InlineData("name@example.com", true)]
    [InlineData(" ivan.petrov@sofia.bg ", true)]
    [InlineData("name@localhost", false)]
    [InlineData("Maria <maria@example.com>", false)]
    [InlineData("a@b..com", false)]
    [InlineData("two@example.com three@example.com", false)]
    [InlineData("", false)]
    public void Only_one_plain_reachable_address_is_accepted(string text, bool valid)
    {
        Assert.Equal(valid, ContactEmail.Parse(text) is not null);
    }
}
