using Assistant.Core.Turns;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Storage;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// A turn's one commit, run once per provider: on Direct Line the inbound activity marked handled, the turn's state
/// documents and transcript, and its replies are stored together, or (on a changed eTag) none of them is; on its own
/// (<see cref="ITurnCommitStore"/>, the Bot Connector path) the state documents and transcript, or none of them.
/// </summary>
public abstract class TurnCommitConformance
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One provider's stores over empty storage; every call in a test sees the same data.</summary>
    protected abstract StoreSet Stores { get; }

    [Fact]
    public async Task A_turn_commit_stores_its_state_transcript_and_replies_with_the_activity_marked_handled()
    {
        var s = Stores;
        var conversation = await StartAsync(s);
        await s.State.WriteAsync("user/dl/ana", """{"lang":"bg"}""", null, Ct);
        var userETag = (await s.State.ReadAsync("user/dl/ana", Ct))!.ETag;
        var inbound = await s.ActivityLog.AppendInboundAsync(conversation, Message("Здравейте"), Ct);
        var commit = CommitOf([
            ("user/dl/ana", """{"lang":"en"}""", userETag),
            ("conversation/dl/" + conversation, """{"step":1}""", null),
        ], conversation, "Здравейте", "Hello!");

        var replies = await s.ActivityLog.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("Hello!")], commit, Ct);

        Assert.Equal(["Hello!"], replies.Select(r => r.Activity.Text));
        Assert.Empty(await s.ActivityLog.GetUnhandledAsync(conversation, Ct));
        Assert.Equal("""{"lang":"en"}""", (await s.State.ReadAsync("user/dl/ana", Ct))!.Json);
        Assert.Equal(commit.States[0].NewETag, (await s.State.ReadAsync("user/dl/ana", Ct))!.ETag);
        Assert.Equal("""{"step":1}""", (await s.State.ReadAsync("conversation/dl/" + conversation, Ct))!.Json);
        var transcript = await s.Transcripts.ReadAsync("directline/" + conversation, Ct);
        Assert.Equal([TranscriptEntry.Inbound, TranscriptEntry.Outbound], transcript.Select(e => e.Direction));
        Assert.Contains("Hello!", transcript[1].ActivityJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_commit_with_a_changed_etag_stores_nothing_and_leaves_the_activity_to_run_again()
    {
        var s = Stores;
        var conversation = await StartAsync(s);
        await s.State.WriteAsync("conversation/dl/" + conversation, """{"step":1}""", null, Ct);
        var read = (await s.State.ReadAsync("conversation/dl/" + conversation, Ct))!;
        var inbound = await s.ActivityLog.AppendInboundAsync(conversation, Message("2"), Ct);
        var commit = CommitOf([
            ("user/dl/bob", """{"lang":"bg"}""", null),
            ("conversation/dl/" + conversation, """{"step":2}""", read.ETag),
        ], conversation, "2", "Въпрос 3");
        // Another writer moved the conversation's document on after the turn read it.
        await s.State.WriteAsync("conversation/dl/" + conversation, """{"step":9}""", read.ETag, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() =>
            s.ActivityLog.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("Въпрос 3")], commit, Ct));

        Assert.Equal([inbound.Logged.Sequence], (await s.ActivityLog.GetUnhandledAsync(conversation, Ct)).Select(l => l.Sequence));
        Assert.Equal(["2"], (await s.ActivityLog.ReadAfterAsync(conversation, 0, 100, Ct)).Select(l => l.Activity.Text));
        Assert.Null(await s.State.ReadAsync("user/dl/bob", Ct));
        Assert.Equal("""{"step":9}""", (await s.State.ReadAsync("conversation/dl/" + conversation, Ct))!.Json);
        Assert.Empty(await s.Transcripts.ReadAsync("directline/" + conversation, Ct));
    }

    [Fact]
    public async Task A_turn_already_handled_writes_nothing_of_a_second_commit()
    {
        var s = Stores;
        var conversation = await StartAsync(s);
        var inbound = await s.ActivityLog.AppendInboundAsync(conversation, Message("1"), Ct);
        var first = CommitOf([("conversation/dl/" + conversation, """{"step":1}""", null)], conversation, "1", "once");
        await s.ActivityLog.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("once")], first, Ct);
        var etag = (await s.State.ReadAsync("conversation/dl/" + conversation, Ct))!.ETag;
        var second = CommitOf([("conversation/dl/" + conversation, """{"step":2}""", etag)], conversation, "1", "twice");

        Assert.Empty(await s.ActivityLog.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("twice")], second, Ct));

        Assert.Equal("""{"step":1}""", (await s.State.ReadAsync("conversation/dl/" + conversation, Ct))!.Json);
        Assert.Equal(2, (await s.Transcripts.ReadAsync("directline/" + conversation, Ct)).Count);
        Assert.Equal(["1", "once"], (await s.ActivityLog.ReadAfterAsync(conversation, 0, 100, Ct)).Select(l => l.Activity.Text));
    }

    [Fact]
    public async Task A_turn_commit_on_its_own_stores_its_state_documents_and_transcript_together()
    {
        var s = Stores;
        var conversation = "msteams/a:" + Guid.NewGuid().ToString("N")[..12];
        await s.State.WriteAsync("user/msteams/ana", """{"lang":"bg"}""", null, Ct);
        var userETag = (await s.State.ReadAsync("user/msteams/ana", Ct))!.ETag;
        var commit = CommitOf([
            ("user/msteams/ana", """{"lang":"en"}""", userETag),
            ("conversation/" + conversation, """{"step":1}""", null),
        ], conversation, "Здравейте", "Hello!", keyed: true);

        await s.TurnCommits.CommitAsync(commit, Ct);

        Assert.Equal("""{"lang":"en"}""", (await s.State.ReadAsync("user/msteams/ana", Ct))!.Json);
        Assert.Equal(commit.States[0].NewETag, (await s.State.ReadAsync("user/msteams/ana", Ct))!.ETag);
        Assert.Equal("""{"step":1}""", (await s.State.ReadAsync("conversation/" + conversation, Ct))!.Json);
        var transcript = await s.Transcripts.ReadAsync(conversation, Ct);
        Assert.Equal([TranscriptEntry.Inbound, TranscriptEntry.Outbound], transcript.Select(e => e.Direction));
        Assert.Contains("Hello!", transcript[1].ActivityJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_turn_commit_on_its_own_with_a_changed_etag_stores_nothing()
    {
        var s = Stores;
        var conversation = "msteams/a:" + Guid.NewGuid().ToString("N")[..12];
        await s.State.WriteAsync("conversation/" + conversation, """{"step":1}""", null, Ct);
        var read = (await s.State.ReadAsync("conversation/" + conversation, Ct))!;
        var commit = CommitOf([
            ("user/msteams/bob" + conversation, """{"lang":"bg"}""", null),
            ("conversation/" + conversation, """{"step":2}""", read.ETag),
        ], conversation, "2", "Въпрос 3", keyed: true);
        // Another writer moved the conversation's document on after the turn read it.
        await s.State.WriteAsync("conversation/" + conversation, """{"step":9}""", read.ETag, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => s.TurnCommits.CommitAsync(commit, Ct));

        Assert.Null(await s.State.ReadAsync("user/msteams/bob" + conversation, Ct));
        Assert.Equal("""{"step":9}""", (await s.State.ReadAsync("conversation/" + conversation, Ct))!.Json);
        Assert.Empty(await s.Transcripts.ReadAsync(conversation, Ct));
    }

    /// <summary>A commit as the turn pipeline collects it: its documents, then its transcript (inbound, then reply).</summary>
    private static TurnCommit CommitOf(IReadOnlyList<(string Key, string Json, string? ETag)> states, string conversation,
        string said, string answered, bool keyed = false)
    {
        var transcriptKey = keyed ? conversation : "directline/" + conversation;
        var commit = new TurnCommit();
        foreach (var (key, json, etag) in states)
        {
            commit.AddState(new StateWrite(key, json, etag, Guid.NewGuid().ToString("N")));
        }

        commit.AddTranscript([
            new TranscriptEntry(transcriptKey, TranscriptEntry.Inbound, null, DateTimeOffset.UtcNow, ActivityJson.Serialize(Message(said))),
            new TranscriptEntry(transcriptKey, TranscriptEntry.Outbound, null, DateTimeOffset.UtcNow, ActivityJson.Serialize(Reply(answered))),
        ]);
        return commit;
    }

    private static async Task<string> StartAsync(StoreSet s)
    {
        var id = "c" + Guid.NewGuid().ToString("N")[..12];
        await s.ActivityLog.CreateConversationAsync(new DirectLineConversation(id, "dl_ana", "bg-BG", DateTimeOffset.UtcNow), Ct);
        return id;
    }

    private static Activity Message(string text) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = "dl_ana", Role = "user" },
    };

    private static Activity Reply(string text) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        From = new ChannelAccount { Id = "bot", Role = "bot" },
    };
}
