namespace Assistant.Core.Tests.Privacy;

public sealed class PrivacyConversationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task My_data_shows_the_key_consents_and_answers_as_plain_text()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("/survey e-government-participation").SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("2").SkipReplies()
            .Send("**не** <script>alert(1)</script>").SkipReplies()
            .Send("/mydata")
            .ExpectReply(a =>
            {
                Assert.Equal("plain", a.TextFormat);
                Assert.Contains(bot.Participants.For("test", "user-1"), a.Text, StringComparison.Ordinal);
                Assert.Contains("Поне веднъж месечно", a.Text, StringComparison.Ordinal);
                Assert.Contains("„**не** <script>alert(1)</script>“", a.Text, StringComparison.Ordinal);
                Assert.Contains("незавършена", a.Text, StringComparison.Ordinal);
            })
            .ExpectReply("Въпрос 4 от");   // the survey goes on
    }

    [Fact]
    public async Task Forget_asks_first_and_no_keeps_everything()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("изтрий данните ми")
            .ExpectButtons("Да, изтрий всичко", "Не, запази ги")
            .Send("Не, запази ги")
            .ExpectReply("нищо не е изтрито")
            .SkipReplies();

        var data = await bot.ParticipantData!.ExportAsync(bot.Participants.For("test", "user-1"), Ct);
        Assert.Single(data.Conversations);
    }

    [Fact]
    public async Task Forget_erases_consents_answers_state_and_transcripts_but_not_anonymous_answers()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies()
            .Send("/survey e-government-participation").SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("Поне веднъж месечно").SkipReplies()
            .Send("пауза").SkipReplies()
            .Send("/survey workshop-feedback").SkipReplies()
            .Send("Съгласен/на съм").SkipReplies()
            .Send("5").SkipReplies()
            .Send("/forget").SkipReplies()
            .Send("Да, изтрий всичко")
            .ExpectReply("изтрих всичко")
            .ExpectNoMoreReplies();

        var key = bot.Participants.For("test", "user-1");
        var data = await bot.ParticipantData!.ExportAsync(key, Ct);
        Assert.Empty(data.Consents);
        Assert.Empty(data.Responses);
        Assert.Empty(data.Conversations);
        Assert.Empty(await bot.Transcripts.ReadAsync(flow.Key.ToString(), Ct));
        Assert.Null(await bot.State.ReadAsync(flow.Key.StateKey, Ct));
        Assert.Null(await bot.State.ReadAsync("test/users/user-1", Ct));

        // The next message starts from scratch: greeted again, no paused survey offered.
        await flow.Send("здравей").ExpectReply("Здравейте").SkipReplies();
    }
}
