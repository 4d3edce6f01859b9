using System.Text.Json.Nodes;

namespace Assistant.Core.Tests.Knowledge;

public sealed class KnowledgeConversationTests
{
    [Fact]
    public async Task A_Bulgarian_question_gets_the_Bulgarian_answer_with_follow_up_buttons()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply(a =>
            {
                Assert.Contains("Европейската комисия", a.Text, StringComparison.Ordinal);
                Assert.Equal("bg-BG", a.Locale);
                Assert.NotEmpty(a.SuggestedActions!.Actions);
                Assert.All(a.SuggestedActions.Actions, b => Assert.Matches("\\p{IsCyrillic}", b.Title!));
                Assert.Equal("icc-overview", (string?)a.ChannelData!["assistant"]!["knowledgeId"]);
                Assert.False(string.IsNullOrEmpty((string?)a.ChannelData["assistant"]!["contentVersion"]));
            })
            .ExpectNoMoreReplies();
    }

    [Fact]
    public async Task Latin_script_Bulgarian_is_answered_in_Bulgarian()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("kakvo e strategiqta za digitalna transformaciq na sofia")
            .ExpectReply(a =>
            {
                Assert.Equal("bg-BG", a.Locale);
                Assert.StartsWith("strategy-", (string?)a.ChannelData!["assistant"]!["knowledgeId"], StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task An_English_question_in_a_Bulgarian_conversation_is_answered_in_English()
    {
        await new TestFlow(new TestBot(), locale: "bg-BG").Join().SkipReplies()
            .Send("What is the Intelligent Cities Challenge?")
            .ExpectReply(a =>
            {
                Assert.Equal("en-US", a.Locale);
                Assert.Contains("European Commission", a.Text, StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task An_explicit_language_choice_wins_over_the_language_of_the_question()
    {
        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send("English").SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply(a => Assert.Contains("European Commission", a.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Какво ще е времето утре в София?")]
    [InlineData("who won the football match last night")]
    [InlineData("Can you recommend a good pizza place in Lozenets?")]
    [InlineData("Как да си платя данъка за колата?")]
    public async Task Out_of_scope_questions_fall_back_honestly_and_are_recorded_for_staff(string question)
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send(question)
            .ExpectReply(a => Assert.Matches("(Още не знам|I don't know that yet)", a.Text!))
            .ExpectReply(a => Assert.NotNull(a.SuggestedActions));

        var recorded = Assert.Single(await bot.Unanswered.ListAsync(10, TestContext.Current.CancellationToken));
        Assert.Equal(question, recorded.Text);
        Assert.Equal("test", recorded.Channel);
        Assert.True(recorded.Candidates.Count <= 3);
    }

    [Fact]
    public async Task Small_talk_is_answered_by_its_own_entry_not_the_fallback()
    {
        var bot = new TestBot();
        await new TestFlow(bot).Join().SkipReplies()
            .Send("благодаря")
            .ExpectReply(a => Assert.DoesNotContain("Още не знам", a.Text, StringComparison.Ordinal))
            .SkipReplies();

        Assert.Empty(await bot.Unanswered.ListAsync(10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_follow_up_button_answers_the_entry_it_names()
    {
        var flow = new TestFlow(new TestBot());
        string? button = null;
        await flow.Join().SkipReplies()
            .Send("Какво е Intelligent Cities Challenge?")
            .ExpectReply(a => button = a.SuggestedActions!.Actions[0].Value);
        var expected = TestBot.Knowledge.Knowledge.Find("icc-overview")!.FollowUps[0];

        await flow.Send(button!)
            .ExpectReply(a => Assert.Equal(expected, (string?)a.ChannelData!["assistant"]!["knowledgeId"]));
    }

    [Fact]
    public async Task Every_answer_in_the_transcript_names_its_entry_and_content_version()
    {
        var bot = new TestBot();
        var flow = new TestFlow(bot);
        await flow.Join().SkipReplies().Send("Кога е приета стратегията за дигитална трансформация?").SkipReplies();

        var transcript = await bot.Transcripts.ReadAsync(flow.Key.ToString(), TestContext.Current.CancellationToken);
        var answer = transcript.Last(e => e.Direction == "out" && e.ActivityJson.Contains("knowledgeId", StringComparison.Ordinal));
        var data = JsonNode.Parse(answer.ActivityJson)!["channelData"]!["assistant"]!;
        Assert.Equal(TestBot.Knowledge.Knowledge.Version, (string?)data["contentVersion"]);
        Assert.NotNull(TestBot.Knowledge.Knowledge.Find((string)data["knowledgeId"]!));
    }

    [Fact]
    public async Task An_unsure_match_asks_did_you_mean_with_at_most_three_questions()
    {
        var matcher = TestBot.Knowledge;
        var unsure = KnowledgeEvalSet.Development
            .Where(r => r.Lang == "bg")
            .Select(r => (Row: r, Match: matcher.Match(r.Question)))
            .First(x => x.Match.Band == Assistant.Core.Knowledge.MatchBand.Suggest);

        await new TestFlow(new TestBot()).Join().SkipReplies()
            .Send(unsure.Row.Question)
            .ExpectReply(a =>
            {
                Assert.Contains("Това ли имахте предвид", a.Text, StringComparison.Ordinal);
                Assert.InRange(a.SuggestedActions!.Actions.Count, 1, 3);
            });
    }
}
