using System.Runtime.CompilerServices;
using Assistant.Core.Conversation;

namespace Assistant.Core.Tests.Support;

/// <summary>
/// A conversation written as a test: <c>await new TestFlow(bot).Send("здравей").ExpectReply("Здравейте")</c>.
/// Each expectation takes the next reply of the conversation in order.
/// </summary>
public sealed class TestFlow(TestBot bot, string conversationId = "conv-1", string userId = "user-1", string? locale = null)
{
    private readonly List<Func<Task>> _steps = [];
    private readonly Queue<Activity> _pending = new();
    // Unique across flows: two flows on one conversation (a "later" visit) must not reuse activity ids.
    private static int _sent;

    public ConversationKey Key { get; } = new("test", conversationId);

    public List<Activity> AllReplies { get; } = [];

    public TestFlow Join() => Step(() => RunAsync(new Activity
    {
        Type = ActivityTypes.ConversationUpdate,
        MembersAdded = [new ChannelAccount { Id = userId }],
        Locale = locale,
    }));

    public TestFlow Send(string text, string? withLocale = null) => Step(() => RunAsync(new Activity
    {
        Type = ActivityTypes.Message,
        Text = text,
        Locale = withLocale ?? locale,
    }));

    /// <summary>An event activity, as a page sends one (no text, nothing shown in its transcript).</summary>
    public TestFlow SendEvent(string name, System.Text.Json.Nodes.JsonNode? value) => Step(() => RunAsync(new Activity
    {
        Type = ActivityTypes.Event,
        Name = name,
        Value = value,
        Locale = locale,
    }));

    /// <summary>The next reply contains <paramref name="fragment"/> (ordinal, case-insensitive).</summary>
    public TestFlow ExpectReply(string fragment) => ExpectReply(a =>
        Assert.True(a.Text?.Contains(fragment, StringComparison.OrdinalIgnoreCase) == true,
            $"Expected a reply containing \"{fragment}\" but got \"{a.Text}\"."));

    public TestFlow ExpectReply(Action<Activity> check) => Step(() =>
    {
        Assert.True(_pending.Count > 0, "Expected another reply, but the bot said nothing more.");
        check(_pending.Dequeue());
        return Task.CompletedTask;
    });

    /// <summary>The next reply offers buttons with exactly these titles.</summary>
    public TestFlow ExpectButtons(params string[] titles) => ExpectReply(a =>
        Assert.Equal(titles, a.SuggestedActions?.Actions.Select(x => x.Title ?? "").ToArray() ?? []));

    /// <summary>Skips the replies not asserted on, up to the end of the last turn.</summary>
    public TestFlow SkipReplies() => Step(() =>
    {
        _pending.Clear();
        return Task.CompletedTask;
    });

    public TestFlow ExpectNoMoreReplies() => Step(() =>
    {
        Assert.True(_pending.Count == 0, "Unexpected reply: " + (_pending.Count > 0 ? _pending.Peek().Text : ""));
        return Task.CompletedTask;
    });

    public TaskAwaiter GetAwaiter() => RunAllAsync().GetAwaiter();

    /// <summary>Runs the steps added since the flow was last awaited (a flow can be awaited in parts).</summary>
    private async Task RunAllAsync()
    {
        var steps = _steps.ToList();
        _steps.Clear();
        foreach (var step in steps)
        {
            await step();
        }
    }

    private TestFlow Step(Func<Task> step)
    {
        _steps.Add(step);
        return this;
    }

    private async Task RunAsync(Activity activity)
    {
        _pending.Clear();
        activity.Id = $"{Key.ConversationId}|{Interlocked.Increment(ref _sent):D7}";
        activity.ChannelId = Key.Channel;
        activity.From = new ChannelAccount { Id = userId, Role = "user" };
        activity.Conversation = new ConversationAccount { Id = Key.ConversationId };
        var replies = await bot.Processor.ProcessAsync(Key, activity, TestContext.Current.CancellationToken);
        AllReplies.AddRange(replies);
        foreach (var reply in replies)
        {
            _pending.Enqueue(reply);
        }
    }
}
