using System.Text.Json;
using System.Text.Json.Nodes;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.InMemory;
using Assistant.Core.Tests.Support;

namespace Assistant.Core.Tests.Turns;

public sealed class TurnProcessorTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Turns_of_one_conversation_run_one_at_a_time_while_other_conversations_proceed()
    {
        var probe = new SlowCommand();
        var bot = new TestBot(extraCommands: [probe]);

        var sameConversation = Enumerable.Range(1, 8).Select(i => bot.Processor.ProcessAsync(
            new ConversationKey("test", "a"), Message("slow", $"a|{i}"), Ct));
        await Task.WhenAll(sameConversation);
        Assert.Equal(1, probe.MaxConcurrent);

        probe.Reset();
        var twoConversations = new[] { "b", "c" }.Select(c => bot.Processor.ProcessAsync(
            new ConversationKey("test", c), Message("slow", $"{c}|1"), Ct));
        await Task.WhenAll(twoConversations);
        Assert.Equal(2, probe.MaxConcurrent);
        Assert.Equal(0, bot.Gate.ActiveCount);
    }

    [Fact]
    public async Task A_conflicting_write_reruns_the_turn_on_the_newer_state_instead_of_overwriting_it()
    {
        var store = new CompetingWriterStore(new InMemoryStateStore(), "test/conversations/x",
            new ConversationState { Greeted = true, ClientLanguage = "en" });
        var bot = new TestBot(store);

        var replies = await bot.Processor.ProcessAsync(new ConversationKey("test", "x"), Message("help", "x|1"), Ct);

        Assert.Equal(2, store.WriteAttempts);
        Assert.Contains("Here is how to talk to me", replies[0].Text, StringComparison.Ordinal);
        var saved = JsonSerializer.Deserialize<ConversationState>((await store.ReadAsync("test/conversations/x", Ct))!.Json, DialogJson.Options)!;
        Assert.Equal("en", saved.ClientLanguage);
        Assert.Equal("x|1", saved.LastTurn?.ActivityId);
    }

    [Fact]
    public async Task The_last_turn_is_stored_without_its_replies_addressing_and_the_same_activity_again_gets_the_same_replies()
    {
        var bot = new TestBot();
        var key = new ConversationKey("test", "r");
        var first = await bot.Processor.ProcessAsync(key, Message("help", "r|1"), Ct);

        var stored = JsonNode.Parse((await bot.State.ReadAsync(key.StateKey, Ct))!.Json)!["lastTurn"]!;
        Assert.Equal("r|1", (string?)stored["activityId"]);
        Assert.Equal(first.Count, stored["replies"]!.AsArray().Count);
        Assert.All(stored["replies"]!.AsArray(), r =>
        {
            Assert.NotNull(r!["text"]);
            Assert.Null(r["from"]);
            Assert.Null(r["recipient"]);
            Assert.Null(r["conversation"]);
            Assert.Null(r["replyToId"]);
            Assert.Null(r["channelId"]);
        });

        var again = await bot.Processor.ProcessAsync(key, Message("help", "r|1"), Ct);
        Assert.Equal(first.Select(ActivityJson.Serialize), again.Select(ActivityJson.Serialize));
        Assert.All(again, r =>
        {
            Assert.Equal("r|1", r.ReplyToId);
            Assert.Equal("user-1", r.Recipient?.Id);
            Assert.Equal("r", r.Conversation?.Id);
        });
    }

    [Fact]
    public async Task A_last_turn_stored_with_its_replies_addressing_is_sent_again_addressed_to_the_activity()
    {
        var bot = new TestBot();
        var key = new ConversationKey("test", "o");
        await bot.State.WriteAsync(key.StateKey, """
            {"stack":[],"clientLanguage":"bg","lastTurn":{"activityId":"o|5","replies":[{"type":"message","channelId":"test","conversation":{"id":"o"},"from":{"id":"bot","name":"\u0410\u0441\u0438\u0441\u0442\u0435\u043D\u0442","role":"bot"},"recipient":{"id":"user-1","role":"user"},"replyToId":"o|5","locale":"bg-BG","text":"\u0412\u044A\u043F\u0440\u043E\u0441 3 \u043E\u0442 6"}]}}
            """, null, Ct);

        var replies = await bot.Processor.ProcessAsync(key, Message("4", "o|5"), Ct);

        var reply = Assert.Single(replies);
        Assert.Equal("Въпрос 3 от 6", reply.Text);
        Assert.Equal("o|5", reply.ReplyToId);
        Assert.Equal("user-1", reply.Recipient?.Id);
        Assert.Equal("o", reply.Conversation?.Id);
        Assert.Equal("bot", reply.From?.Role);
    }

    [Fact]
    public async Task A_conflict_that_never_clears_fails_loudly()
    {
        var bot = new TestBot(new AlwaysConflictingStore());

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            bot.Processor.ProcessAsync(new ConversationKey("test", "y"), Message("help", "y|1"), Ct));
    }

    [Fact]
    public async Task A_failing_turn_apologises_in_the_users_language_resets_the_stack_and_hides_the_exception()
    {
        var bot = new TestBot(extraCommands: [new ThrowingCommand()]);
        var flow = new TestFlow(bot, locale: "en-US");
        await flow.Join().SkipReplies()
            .Send("language").SkipReplies()
            .Send("boom")
            .ExpectReply(a =>
            {
                Assert.Contains("something went wrong", a.Text, StringComparison.Ordinal);
                Assert.DoesNotContain("internal detail", a.Text, StringComparison.Ordinal);
            })
            .SkipReplies()
            // The language prompt is gone: "2" is no longer an answer to it.
            .Send("2")
            .ExpectReply("I don't know that yet");
        Assert.DoesNotContain(flow.AllReplies, r => r.Text?.Contains("internal detail", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task The_same_activity_processed_twice_has_one_effect_and_the_same_replies()
    {
        var bot = new TestBot();
        var key = new ConversationKey("test", "z");
        await bot.Processor.ProcessAsync(key, Message("език", "z|1"), Ct);

        var first = await bot.Processor.ProcessAsync(key, Message("2", "z|2"), Ct);
        var again = await bot.Processor.ProcessAsync(key, Message("2", "z|2"), Ct);

        Assert.Equal(first.Select(r => r.Text), again.Select(r => r.Text));
        var transcript = await bot.Transcripts.ReadAsync(key.ToString(), Ct);
        Assert.Single(transcript, e => e.Direction == "in" && e.ActivityId == "z|2");
    }

    [Fact]
    public async Task Replies_are_addressed_back_to_the_sender()
    {
        var bot = new TestBot();
        var replies = await bot.Processor.ProcessAsync(new ConversationKey("test", "q"), Message("помощ", "q|1"), Ct);

        Assert.All(replies, r =>
        {
            Assert.Equal("q|1", r.ReplyToId);
            Assert.Equal("bot", r.From?.Role);
            Assert.Equal("user-1", r.Recipient?.Id);
            Assert.Equal("q", r.Conversation?.Id);
        });
        Assert.NotNull(replies[^1].SuggestedActions);
        Assert.All(replies.SkipLast(1), r => Assert.Null(r.SuggestedActions));
    }

    private static Activity Message(string text, string id) => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        Text = text,
        ChannelId = "test",
        From = new ChannelAccount { Id = "user-1", Role = "user" },
        Conversation = new ConversationAccount { Id = id.Split('|')[0] },
    };

    private sealed class SlowCommand : IGlobalCommand
    {
        private int _inFlight;
        public int MaxConcurrent;

        public void Reset() => MaxConcurrent = 0;

        public bool Matches(string foldedText) => foldedText == "slow";

        public async Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _inFlight);
            lock (this)
            {
                MaxConcurrent = Math.Max(MaxConcurrent, now);
            }

            await Task.Delay(30, cancellationToken);
            Interlocked.Decrement(ref _inFlight);
            dc.Turn.Reply("done");
        }
    }

    private sealed class ThrowingCommand : IGlobalCommand
    {
        public bool Matches(string foldedText) => foldedText == "boom";

        public Task ExecuteAsync(DialogContext dc, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("internal detail that must not leak");
    }

    /// <summary>Another instance writes the conversation between this turn's read and its write, once.</summary>
    private sealed class CompetingWriterStore(IStateStore inner, string key, ConversationState competitor) : IStateStore
    {
        private bool _competed;
        public int WriteAttempts;

        public Task<StateEntry?> ReadAsync(string k, CancellationToken cancellationToken) => inner.ReadAsync(k, cancellationToken);

        public async Task<string> WriteAsync(string k, string json, string? expectedETag, CancellationToken cancellationToken)
        {
            if (k == key)
            {
                WriteAttempts++;
                if (!_competed)
                {
                    _competed = true;
                    await inner.WriteAsync(k, JsonSerializer.Serialize(competitor, DialogJson.Options), expectedETag, cancellationToken);
                }
            }

            return await inner.WriteAsync(k, json, expectedETag, cancellationToken);
        }

        public Task DeleteAsync(string k, CancellationToken cancellationToken) => inner.DeleteAsync(k, cancellationToken);
    }

    private sealed class AlwaysConflictingStore : IStateStore
    {
        public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult<StateEntry?>(null);

        public Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken) =>
            throw new ConcurrencyConflictException(key);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
