namespace Assistant.Core.Tests.Knowledge;

/// <summary>
/// Questions as citizens type them that the assistant once got wrong: the headline topic by its name in any script, the
/// team by its name, the sandbox, the strategy in Latin letters, requests that are really commands.
/// </summary>
public sealed class KnowledgeUnderstandingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Какво е ICC?", "icc-overview")]
    [InlineData("kakvo e icc", "icc-overview")]
    [InlineData("ICC", "icc-overview")]
    [InlineData("tell me about ICC", "icc-overview")]
    [InlineData("kakvo e inovativna sofia", "team-innovative-sofia")]
    [InlineData("Who runs Innovative Sofia?", "team-leadership")]
    [InlineData("What is the sandbox?", "strategy-sandbox")]
    [InlineData("kakvo e strategiata za digitalna transformacia", "strategy-overview")]
    [InlineData("Как да се свържа с Иновативна София?", "bot-contact-human")]
    [InlineData("icc tracks list pls", "icc-thematic-tracks")]
    [InlineData("кога беше одобрена стратегията за цифрова трансформация на София", "strategy-approval")]
    [InlineData("wich cities in bulgria are part of icc", "sofia-bulgarian-icc-cities")]
    public async Task Is_answered_with_the_entry_it_names(string question, string entry)
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send(question)
            .ExpectReply(a => Assert.Equal(entry, (string?)a.ChannelData?["assistant"]?["knowledgeId"]));
    }

    [Theory]
    [InlineData("kakvo e maturity assessment", "maturity-analysis-overview")]
    [InlineData("koi sa thematic tracks v icc", "icc-thematic-tracks")]
    public async Task Latin_script_bulgarian_naming_a_thing_in_english_is_answered_in_bulgarian(string question, string entry)
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send(question)
            .ExpectReply(a =>
            {
                Assert.Equal(entry, (string?)a.ChannelData?["assistant"]?["knowledgeId"]);
                Assert.Matches("[а-яА-Я]{4}", a.Text);
            });
    }

    [Fact]
    public async Task An_answer_offers_a_helpful_or_not_pair_after_its_follow_ups()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("Какво е ICC?")
            .ExpectReply(a =>
            {
                var titles = a.SuggestedActions!.Actions.Select(b => b.Title).ToList();
                var up = titles.IndexOf("👍 Полезно");
                Assert.True(up > 0, "the follow-ups come first: " + string.Join(" | ", titles));
                Assert.Equal("👎 Не помогна", titles[up + 1]);
            });
    }

    [Fact]
    public async Task A_thumbs_up_is_counted_once_for_the_entry_and_content_version()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("What is the sandbox?").SkipReplies()
            .Send("👍 Helpful")
            .ExpectReply("Thank you")
            .SkipReplies()
            .Send("👍 Helpful")
            .ExpectReply("Thank you")
            .SkipReplies();

        var count = Assert.Single(await bot.Feedback.CountAsync(Ct));
        Assert.Equal(("strategy-sandbox", TestBot.Knowledge.Knowledge.Version, 1, 0), (count.EntryId, count.ContentVersion, count.Helpful, count.NotHelpful));
        Assert.Empty(await bot.Unanswered.ListAsync(10, Ct));
    }

    [Fact]
    public async Task A_thumbs_down_is_counted_and_sends_the_question_to_staff_with_the_entry()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("Какво е ICC?").SkipReplies()
            .Send("👎 Не помогна")
            .ExpectReply("Съжалявам, че отговорът не помогна")
            .SkipReplies();

        var count = Assert.Single(await bot.Feedback.CountAsync(Ct));
        Assert.Equal(("icc-overview", 0, 1), (count.EntryId, count.Helpful, count.NotHelpful));
        var question = Assert.Single(await bot.Unanswered.ListAsync(10, Ct));
        Assert.Equal("Какво е ICC?", question.Text);
        Assert.Equal("icc-overview", Assert.Single(question.Candidates).Id);
    }

    [Fact]
    public async Task A_thumb_with_no_answer_before_it_is_not_feedback()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies().Send("👍").SkipReplies();

        Assert.Empty(await bot.Feedback.CountAsync(Ct));
    }

    [Fact]
    public async Task A_request_for_English_switches_the_language()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("искам отговорите на английски")
            .ExpectReply("we continue in English")
            .SkipReplies()
            .Send("Какво е ICC?")
            .ExpectReply(a => Assert.Contains("European Commission", a.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_request_to_delete_everything_asks_to_confirm_the_erasure()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies()
            .Send("изтрийте всичко, което съм писал")
            .ExpectButtons("Да, изтрий всичко", "Не, запази ги");

        // The transcript keeps what the citizen wrote, not the command it ran as.
        var transcript = await bot.Transcripts.ReadAsync(flow.Key.ToString(), Ct);
        Assert.Contains(transcript, e => e.Direction == "in" && e.ActivityJson.Contains("изтрийте всичко", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_did_you_mean_not_taken_reaches_staff_with_its_candidates()
    {
        var matcher = TestBot.Knowledge;
        var unsure = KnowledgeEvalSet.Development
            .Where(r => r.Lang == "bg")
            .First(r => matcher.Match(r.Question).Band == Assistant.Core.Knowledge.MatchBand.Suggest);
        var bot = new TestBot();
        string[] offered = [];

        await new TestFlow(bot).Join().SkipReplies()
            .Send(unsure.Question)
            .ExpectReply(a => offered = a.SuggestedActions!.Actions.Select(b => b.Value!).ToArray())
            .Send("Какво е ICC?")
            .SkipReplies();

        var question = Assert.Single(await bot.Unanswered.ListAsync(10, Ct));
        Assert.Equal(unsure.Question, question.Text);
        Assert.Equal(offered.Length, question.Candidates.Count);
    }

    [Fact]
    public async Task A_did_you_mean_taken_is_not_sent_to_staff()
    {
        var matcher = TestBot.Knowledge;
        var unsure = KnowledgeEvalSet.Development
            .Where(r => r.Lang == "en")
            .First(r => matcher.Match(r.Question).Band == Assistant.Core.Knowledge.MatchBand.Suggest);
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        string? first = null;

        await flow.Join().SkipReplies()
            .Send(unsure.Question)
            .ExpectReply(a => first = a.SuggestedActions!.Actions[0].Value);
        await flow.Send(first!)
            .ExpectReply(a => Assert.DoesNotContain("I don't know", a.Text, StringComparison.Ordinal));

        Assert.True((await bot.Unanswered.ListAsync(10, Ct)).Count == 0,
            $"pressed \"{first}\"; replies: " + string.Join(" | ", flow.AllReplies.Select(r => r.Text)));
    }

    [Fact]
    public async Task A_fallback_still_offers_the_closest_topics_and_the_menu()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("Кой спечели мача на Левски снощи?")
            .ExpectReply("Още не знам")
            .ExpectReply(a =>
            {
                var titles = a.SuggestedActions!.Actions.Select(b => b.Title).ToList();
                Assert.Contains("Анкети", titles);
                Assert.Contains("Помощ", titles);
            });
    }
}
