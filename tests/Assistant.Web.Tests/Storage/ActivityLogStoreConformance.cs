using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// What every <see cref="IActivityLogStore"/> must do, run once per provider: numbering, idempotent client ids, turns
/// completed exactly once, and the orderings Direct Line clients rely on, also under concurrent writers.
/// </summary>
public abstract class ActivityLogStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over empty storage stamping with <paramref name="clock"/>; every call in a test sees the same data.</summary>
    protected abstract IActivityLogStore CreateStore(TimeProvider clock);

    private IActivityLogStore CreateStore() => CreateStore(TimeProvider.System);

    [Fact]
    public async Task A_conversation_is_created_once_and_read_back()
    {
        var store = CreateStore();
        var conversation = NewConversation();

        Assert.True(await store.CreateConversationAsync(conversation, Ct));
        Assert.False(await store.CreateConversationAsync(conversation with { UserId = "dl_intruder", Locale = "en" }, Ct));

        Assert.Equal(conversation, await store.GetConversationAsync(conversation.Id, Ct));
        Assert.Null(await store.GetConversationAsync("missing", Ct));
        var noLocale = NewConversation() with { Locale = null };
        await store.CreateConversationAsync(noLocale, Ct);
        Assert.Equal(noLocale, await store.GetConversationAsync(noLocale.Id, Ct));
    }

    [Fact]
    public async Task Appends_are_numbered_from_one_with_ids_timestamps_and_the_conversation()
    {
        var clock = new ManualClock();
        var store = CreateStore(clock);
        var conversation = await StartAsync(store);

        var inbound = await store.AppendInboundAsync(conversation, Message("здравей", "c-1"), Ct);
        clock.Advance(TimeSpan.FromSeconds(1));
        var outbound = await store.AppendOutboundAsync(conversation, [Reply("Здравейте!"), Reply("Как да помогна?")], Ct);

        Assert.False(inbound.Duplicate);
        Assert.Equal([1L, 2L, 3L], new[] { inbound.Logged }.Concat(outbound).Select(l => l.Sequence));
        Assert.Equal(ActivityStamp.IdFor(conversation, 1), inbound.Logged.Activity.Id);
        Assert.Equal(conversation, inbound.Logged.Activity.Conversation!.Id);
        Assert.Equal(clock.GetUtcNow().AddSeconds(-1).ToUnixTimeMilliseconds(), inbound.Logged.Activity.Timestamp!.Value.ToUnixTimeMilliseconds());
        var read = await store.ReadAfterAsync(conversation, 0, 10, Ct);
        Assert.Equal(["здравей", "Здравейте!", "Как да помогна?"], read.Select(l => l.Activity.Text));
        Assert.Equal(new[] { inbound.Logged }.Concat(outbound).Select(l => (l.Sequence, l.Activity.Id, l.Activity.Timestamp)),
            read.Select(l => (l.Sequence, l.Activity.Id, l.Activity.Timestamp)));
        Assert.Equal("c-1", read[0].Activity.ClientActivityId);
    }

    [Fact]
    public async Task Timestamps_strictly_increase_even_when_the_clock_stands_still_or_goes_back()
    {
        var clock = new ManualClock();
        var store = CreateStore(clock);
        var conversation = await StartAsync(store);

        await store.AppendOutboundAsync(conversation, [Reply("1"), Reply("2"), Reply("3")], Ct);
        clock.Advance(TimeSpan.FromMinutes(-5));
        await store.AppendInboundAsync(conversation, Message("4"), Ct);
        await store.AppendOutboundAsync(conversation, [Reply("5")], Ct);

        var times = (await store.ReadAfterAsync(conversation, 0, 10, Ct)).Select(l => l.Activity.Timestamp!.Value.ToUnixTimeMilliseconds()).ToList();
        Assert.Equal(5, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} follows {pair.First}"));
    }

    [Fact]
    public async Task A_repeated_client_activity_id_returns_the_first_activity_and_appends_nothing()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var first = await store.AppendInboundAsync(conversation, Message("да", "client-7"), Ct);

        var again = await store.AppendInboundAsync(conversation, Message("да (retry)", "client-7"), Ct);
        var other = await store.AppendInboundAsync(conversation, Message("не", "client-8"), Ct);
        var unkeyed = await store.AppendInboundAsync(conversation, Message("без ключ"), Ct);

        Assert.True(again.Duplicate);
        Assert.Equal(first.Logged.Sequence, again.Logged.Sequence);
        Assert.Equal(first.Logged.Activity.Id, again.Logged.Activity.Id);
        Assert.Equal("да", again.Logged.Activity.Text);
        Assert.Equal([2L, 3L], new[] { other, unkeyed }.Select(a => a.Logged.Sequence));
        Assert.Equal(3, (await store.ReadAfterAsync(conversation, 0, 10, Ct)).Count);
    }

    [Fact]
    public async Task The_same_client_activity_id_in_two_conversations_is_two_activities()
    {
        var store = CreateStore();
        var a = await StartAsync(store);
        var b = await StartAsync(store);

        var first = await store.AppendInboundAsync(a, Message("x", "same"), Ct);
        var second = await store.AppendInboundAsync(b, Message("x", "same"), Ct);

        Assert.False(second.Duplicate);
        Assert.Equal(1, first.Logged.Sequence);
        Assert.Equal(1, second.Logged.Sequence);
    }

    [Fact]
    public async Task An_inbound_activity_is_unhandled_until_its_turn_completes_with_its_replies()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var quiet = await StartAsync(store);
        await store.AppendOutboundAsync(conversation, [Reply("welcome")], Ct);
        var first = await store.AppendInboundAsync(conversation, Message("1"), Ct);
        var second = await store.AppendInboundAsync(conversation, Message("2"), Ct);

        Assert.Equal([2L, 3L], (await store.GetUnhandledAsync(conversation, Ct)).Select(l => l.Sequence));
        Assert.Equal([conversation], await store.GetConversationsWithUnhandledAsync(Ct));

        var replies = await store.CompleteTurnAsync(conversation, first.Logged.Sequence, [Reply("r1a"), Reply("r1b")], Ct);

        Assert.Equal([4L, 5L], replies.Select(r => r.Sequence));
        Assert.Equal(["r1a", "r1b"], replies.Select(r => r.Activity.Text));
        Assert.Equal([3L], (await store.GetUnhandledAsync(conversation, Ct)).Select(l => l.Sequence));
        Assert.Empty(await store.GetUnhandledAsync(quiet, Ct));
        Assert.Empty(await store.GetUnhandledAsync("missing", Ct));

        Assert.Empty(await store.CompleteTurnAsync(conversation, second.Logged.Sequence, [], Ct));
        Assert.Empty(await store.GetUnhandledAsync(conversation, Ct));
        Assert.Empty(await store.GetConversationsWithUnhandledAsync(Ct));
        Assert.Equal(5, (await store.ReadAfterAsync(conversation, 0, 100, Ct)).Count);
    }

    [Fact]
    public async Task A_turn_completed_twice_stores_its_replies_once()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var inbound = await store.AppendInboundAsync(conversation, Message("1"), Ct);
        await store.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("once")], Ct);

        var again = await store.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("twice")], Ct);
        var unknown = await store.CompleteTurnAsync(conversation, 99, [Reply("no such")], Ct);

        Assert.Empty(again);
        Assert.Empty(unknown);
        Assert.Equal(["1", "once"], (await store.ReadAfterAsync(conversation, 0, 100, Ct)).Select(l => l.Activity.Text));
    }

    [Fact]
    public async Task Reading_after_a_watermark_returns_at_most_max_in_order()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        await store.AppendOutboundAsync(conversation, Enumerable.Range(1, 7).Select(i => Reply($"m{i}")).ToList(), Ct);

        Assert.Equal([3L, 4L, 5L], (await store.ReadAfterAsync(conversation, 2, 3, Ct)).Select(l => l.Sequence));
        Assert.Equal([6L, 7L], (await store.ReadAfterAsync(conversation, 5, 100, Ct)).Select(l => l.Sequence));
        Assert.Empty(await store.ReadAfterAsync(conversation, 7, 100, Ct));
        Assert.Empty(await store.ReadAfterAsync("missing", 0, 100, Ct));
    }

    [Fact]
    public async Task The_watermark_before_the_last_n_is_followed_by_exactly_those()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        await store.AppendOutboundAsync(conversation, Enumerable.Range(1, 7).Select(i => Reply($"m{i}")).ToList(), Ct);

        var watermark = await store.WatermarkBeforeLastAsync(conversation, 3, Ct);

        Assert.Equal(4L, watermark);
        Assert.Equal(["m5", "m6", "m7"], (await store.ReadAfterAsync(conversation, watermark, 100, Ct)).Select(l => l.Activity.Text));
        Assert.Equal(0L, await store.WatermarkBeforeLastAsync(conversation, 7, Ct));
        Assert.Equal(0L, await store.WatermarkBeforeLastAsync(conversation, 50, Ct));
        Assert.Equal(0L, await store.WatermarkBeforeLastAsync("missing", 3, Ct));
    }

    [Fact]
    public async Task Appending_to_a_conversation_that_does_not_exist_fails()
    {
        var store = CreateStore();

        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendInboundAsync("missing", Message("x"), Ct));
        await Assert.ThrowsAnyAsync<Exception>(() => store.AppendOutboundAsync("missing", [Reply("x")], Ct));
        Assert.Empty(await store.ReadAfterAsync("missing", 0, 10, Ct));
    }

    [Fact]
    public async Task Cyrillic_emoji_and_channel_data_survive_the_round_trip()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var activity = Message("Къде е залата? 🤔 👩‍👩‍👧", "ключ-😀");
        activity.ChannelData!["extra"] = new JsonObject { ["град"] = "София" };

        await store.AppendInboundAsync(conversation, activity, Ct);

        var read = Assert.Single(await store.ReadAfterAsync(conversation, 0, 10, Ct)).Activity;
        Assert.Equal("Къде е залата? 🤔 👩‍👩‍👧", read.Text);
        Assert.Equal("ключ-😀", read.ClientActivityId);
        Assert.Equal("София", (string?)read.ChannelData!["extra"]!["град"]);
        Assert.True((await store.AppendInboundAsync(conversation, Message("again", "ключ-😀"), Ct)).Duplicate);
    }

    [Fact]
    public async Task What_each_append_returns_is_exactly_what_is_stored_and_read_back()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var handedOver = Message("Какво е ЦИК?", "c-7");
        var replies = new[] { Reply("Центърът за иновации е …"), Reply("Друг въпрос?") };
        replies[1].Conversation = new ConversationAccount { Id = "to-be-replaced" };

        var inbound = await store.AppendInboundAsync(conversation, handedOver, Ct);
        var completed = await store.CompleteTurnAsync(conversation, inbound.Logged.Sequence, replies, Ct);
        var welcome = await store.AppendOutboundAsync(conversation, [Reply("Здравейте!")], Ct);

        var returned = new[] { inbound.Logged }.Concat(completed).Concat(welcome).ToList();
        var read = await store.ReadAfterAsync(conversation, 0, 10, Ct);
        Assert.Equal(returned.Select(l => (l.Sequence, ActivityJson.Serialize(l.Activity))), read.Select(l => (l.Sequence, ActivityJson.Serialize(l.Activity))));
        Assert.All(returned, l => Assert.Equal(conversation, l.Activity.Conversation!.Id));
        Assert.All(returned, l => Assert.Equal(ActivityStamp.IdFor(conversation, l.Sequence), l.Activity.Id));
        Assert.Equal(ActivityJson.Serialize(read[1].Activity),
            ActivityJson.Serialize((await store.ReadAfterAsync(conversation, 1, 1, Ct)).Single().Activity));
    }

    [Fact]
    public async Task Concurrent_appends_to_one_conversation_get_gap_free_numbers_and_strictly_increasing_timestamps()
    {
        var store = CreateStore();
        var conversations = new[] { await StartAsync(store), await StartAsync(store), await StartAsync(store) };
        const int perConversation = 60;

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = conversations.SelectMany(c => Enumerable.Range(0, perConversation).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            if (i % 3 == 0)
            {
                await store.AppendOutboundAsync(c, [Reply($"o{i}")], Ct);
            }
            else
            {
                await store.AppendInboundAsync(c, Message($"i{i}", $"client-{i}"), Ct);
            }
        }, Ct))).ToList();
        gate.SetResult();
        await Task.WhenAll(tasks);

        foreach (var conversation in conversations)
        {
            var log = await store.ReadAfterAsync(conversation, 0, 1000, Ct);
            Assert.Equal(Enumerable.Range(1, perConversation).Select(i => (long)i), log.Select(l => l.Sequence));
            Assert.Equal(log.Select(l => ActivityStamp.IdFor(conversation, l.Sequence)), log.Select(l => l.Activity.Id));
            var times = log.Select(l => l.Activity.Timestamp!.Value.ToUnixTimeMilliseconds()).ToList();
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second > pair.First, $"{pair.Second} follows {pair.First}"));
            Assert.Equal(perConversation, log.Select(l => l.Activity.Text).Distinct().Count());
        }
    }

    [Fact]
    public async Task A_reader_following_the_watermark_during_concurrent_appends_sees_every_activity_once_in_order()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        const int total = 120;

        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < total / 4; i++)
            {
                await store.AppendOutboundAsync(conversation, [Reply($"w{w}-{i}")], Ct);
            }
        }, Ct)).ToList();
        var seen = new List<long>();
        var watermark = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < total && DateTime.UtcNow < deadline)
        {
            foreach (var logged in await store.ReadAfterAsync(conversation, watermark, 7, Ct))
            {
                seen.Add(logged.Sequence);
                watermark = logged.Sequence;
            }
        }

        await Task.WhenAll(writers);
        // A later number committed before an earlier one would have been skipped for good by the watermark.
        Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task Of_ten_racing_completions_of_one_turn_exactly_one_stores_its_replies()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var inbound = await store.AppendInboundAsync(conversation, Message("1"), Ct);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await store.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply($"from {i}"), Reply($"and {i}")], Ct);
        }, Ct)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(tasks);

        var winner = Assert.Single(results, r => r.Count > 0);
        var log = await store.ReadAfterAsync(conversation, 0, 100, Ct);
        Assert.Equal(3, log.Count);
        Assert.Equal(winner.Select(r => r.Activity.Text), log.Skip(1).Select(l => l.Activity.Text));
        Assert.Empty(await store.GetUnhandledAsync(conversation, Ct));
    }

    [Fact]
    public async Task Of_ten_racing_posts_with_one_client_activity_id_exactly_one_is_appended()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await store.AppendInboundAsync(conversation, Message($"copy {i}", "retry-me"), Ct);
        }, Ct)).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(tasks);

        var original = Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(original.Logged.Activity.Id, r.Logged.Activity.Id));
        Assert.Equal(original.Logged.Activity.Text, Assert.Single(await store.ReadAfterAsync(conversation, 0, 100, Ct)).Activity.Text);
    }

    [Fact]
    public async Task Concurrent_turn_completions_and_posts_keep_every_reply_after_its_inbound()
    {
        var store = CreateStore();
        var conversation = await StartAsync(store);
        var completed = new ConcurrentBag<long>();

        var posts = Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            var inbound = await store.AppendInboundAsync(conversation, Message($"q{i}", $"c{i}"), Ct);
            var replies = await store.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply($"a{i}")], Ct);
            Assert.All(replies, r => Assert.True(r.Sequence > inbound.Logged.Sequence));
            completed.Add(inbound.Logged.Sequence);
        }, Ct)).ToList();
        await Task.WhenAll(posts);

        var log = await store.ReadAfterAsync(conversation, 0, 1000, Ct);
        Assert.Equal(60, log.Count);
        Assert.Empty(await store.GetUnhandledAsync(conversation, Ct));
        foreach (var i in Enumerable.Range(0, 30))
        {
            var question = log.Single(l => l.Activity.Text == $"q{i}");
            var answer = log.Single(l => l.Activity.Text == $"a{i}");
            Assert.True(answer.Sequence > question.Sequence);
        }
    }

    protected static DirectLineConversation NewConversation() =>
        new("c" + Guid.NewGuid().ToString("N")[..17], "dl_user-1", "bg-BG", T0);

    protected static async Task<string> StartAsync(IActivityLogStore store)
    {
        var conversation = NewConversation();
        Assert.True(await store.CreateConversationAsync(conversation, Ct));
        return conversation.Id;
    }

    protected static Activity Message(string text, string? clientActivityId = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = "dl_user-1", Role = "user" },
        ChannelData = clientActivityId is null ? new JsonObject() : new JsonObject { ["clientActivityID"] = clientActivityId },
    };

    protected static Activity Reply(string text) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = "bot", Role = "bot" },
    };
}
