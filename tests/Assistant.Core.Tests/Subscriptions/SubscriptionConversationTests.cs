using Assistant.Core.Subscriptions;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Subscriptions;

public sealed class SubscriptionConversationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Nothing_is_on_until_the_participant_opts_in_per_topic_and_the_language_is_remembered()
    {
        var bot = new TestBot();
        var key = bot.Participants.For("test", "user-1");

        await new TestFlow(bot)
            .Send("известия")
            .ExpectReply(a =>
            {
                Assert.StartsWith("Сега не получавате известия от мен", a.Text, StringComparison.Ordinal);
                Assert.Equal(["нови анкети", "събития", "резултати от анкети"], a.SuggestedActions!.Actions.Select(b => b.Title));
            })
            .Send("/subscribe surveys")
            .ExpectReply("Готово – ще Ви пиша за: нови анкети.")
            .ExpectReply(a =>
            {
                Assert.Equal("Пиша Ви за: нови анкети. Докоснете тема, за да я включите или изключите.", a.Text);
                Assert.Equal(["✓ нови анкети", "събития", "резултати от анкети", "Спри всички известия"],
                    a.SuggestedActions!.Actions.Select(b => b.Title));
            })
            .Send("/subscribe results")
            .SkipReplies();

        var subscriptions = await bot.Subscriptions.ListAsync(key, Ct);
        Assert.Equal([SubscriptionTopics.Results, SubscriptionTopics.Surveys], subscriptions.Select(s => s.Topic));
        Assert.All(subscriptions, s => Assert.Equal(("bg", "test", "conv-1"), (s.Language, s.Channel, s.Address)));
        Assert.Empty(await bot.Subscriptions.ListSubscribersAsync(SubscriptionTopics.Events, null, 10, Ct));
    }

    [Fact]
    public async Task An_english_speaker_subscribes_in_english_and_one_tap_switches_a_topic_off()
    {
        var bot = new TestBot();
        var key = bot.Participants.For("test", "user-1");

        await new TestFlow(bot, locale: "en-US")
            .Send("notifications")
            .ExpectReply("You get no notifications from me now.")
            .Send("/subscribe events")
            .ExpectReply("Done: I will tell you about events.")
            .ExpectButtons("new surveys", "✓ events", "survey results", "Stop all notifications")
            .Send("/unsubscribe events")
            .ExpectReply("Done: no more messages about events.")
            .ExpectReply("You get no notifications from me now.");

        Assert.Empty(await bot.Subscriptions.ListAsync(key, Ct));
    }

    [Fact]
    public async Task Slash_stop_switches_everything_off_and_says_so_when_there_was_nothing()
    {
        var bot = new TestBot();
        var key = bot.Participants.For("test", "user-1");

        await new TestFlow(bot)
            .Send("/subscribe surveys").SkipReplies()
            .Send("/subscribe events").SkipReplies()
            .Send("/stop")
            .ExpectReply("Спрях всички известия.")
            .SkipReplies()
            .Send("отпиши ме")
            .ExpectReply("Не сте абонирани за известия, така че няма какво да спирам.")
            .SkipReplies();
        Assert.Empty(await bot.Subscriptions.ListAsync(key, Ct));

        // With nothing to switch off, /stop is the cancel it always was.
        await new TestFlow(bot)
            .Send("/stop")
            .ExpectReply(a => Assert.DoesNotContain("известия", a.Text, StringComparison.Ordinal))
            .SkipReplies();
    }

    [Fact]
    public async Task Stop_during_a_survey_still_stops_the_survey_and_keeps_the_subscriptions()
    {
        var bot = new TestBot();
        var key = bot.Participants.For("test", "user-1");

        await new TestFlow(bot)
            .Send("/subscribe surveys").SkipReplies()
            .Send("/start workshop-feedback").SkipReplies()
            .Send("/stop")
            .SkipReplies();

        Assert.Single(await bot.Subscriptions.ListAsync(key, Ct));
    }

    [Fact]
    public async Task Mydata_lists_the_subscriptions_and_forget_erases_them()
    {
        var bot = new TestBot();
        var key = bot.Participants.For("test", "user-1");

        await new TestFlow(bot).Join().SkipReplies()
            .Send("/mydata")
            .ExpectReply("Не сте абонирани за известия.")
            .Send("/subscribe results").SkipReplies()
            .Send("/mydata")
            .ExpectReply(a => Assert.Matches(@"Известия, за които сте се абонирали: резултати от анкети \(bg, \d{4}-\d\d-\d\d\)\.", a.Text))
            .Send("/forget")
            .SkipReplies()
            .Send("Да, изтрий всичко")
            .SkipReplies();

        Assert.Empty(await bot.Subscriptions.ListAsync(key, Ct));
    }
}
