using System.Text.Json;

namespace Assistant.Core.Tests.Turns;

/// <summary>
/// A turn committed as one unit (<see cref="TurnProcessor.ProcessCommittedAsync"/>, the Bot Connector path): its state
/// documents and transcript are written by one commit, and a commit that conflicts or fails runs the turn again.
/// </summary>
public sealed class CommittedTurnTests
{
    private static readonly ConversationKey Key = new("test", "c1");
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_turn_writes_its_state_and_transcript_with_one_commit_and_nothing_on_its_own()
    {
        var state = new CountingStateStore();
        var bot = new TestBot(state);
        var commits = new Commits(new MemoryCommit(state.Inner, bot.Transcripts));

        var replies = await bot.Processor.ProcessCommittedAsync(Key, Message("help", "c1|1", "en-US"), commits, Ct);

        Assert.Contains("Here is how to talk to me", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(1, commits.Calls);
        Assert.Equal(0, state.Writes);
        Assert.Equal([Key.UserStateKey("user-1"), Key.StateKey], commits.Committed.Single().States.Select(s => s.Key));
        var saved = Conversation(await state.ReadAsync(Key.StateKey, Ct));
        Assert.Equal("c1|1", saved.LastTurn?.ActivityId);
        var transcript = await bot.Transcripts.ReadAsync(Key.ToString(), Ct);
        Assert.Equal([TranscriptEntry.Inbound, .. replies.Select(_ => TranscriptEntry.Outbound)], transcript.Select(e => e.Direction));
    }

    [Fact]
    public async Task A_commit_whose_state_changed_meanwhile_stores_nothing_and_the_turn_runs_again_from_the_stored_state()
    {
        var state = new InMemoryStateStore();
        var bot = new TestBot(state);
        var commits = new Commits(new MemoryCommit(state, bot.Transcripts));
        await bot.Processor.ProcessCommittedAsync(Key, Message("помощ", "c1|1", "bg-BG"), commits, Ct);
        // Another writer switches the conversation to English after the next turn read it, before it commits.
        commits.BeforeNext = async () =>
        {
            var stored = (await state.ReadAsync(Key.StateKey, Ct))!;
            var moved = Conversation(stored);
            moved.ClientLanguage = "en";
            moved.TextLanguage = null;
            await state.WriteAsync(Key.StateKey, JsonSerializer.Serialize(moved, DialogJson.Options), stored.ETag, Ct);
        };

        var replies = await bot.Processor.ProcessCommittedAsync(Key, Message("help", "c1|2", locale: null), commits, Ct);

        Assert.Equal(3, commits.Calls);
        Assert.Contains("Here is how to talk to me", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal("c1|2", Conversation(await state.ReadAsync(Key.StateKey, Ct)).LastTurn?.ActivityId);
        var transcript = (await bot.Transcripts.ReadAsync(Key.ToString(), Ct)).ToList();
        var second = Assert.Single(transcript, e => e.ActivityId == "c1|2");
        Assert.Equal(TranscriptEntry.Inbound, second.Direction);
        // Only the run that committed left its replies: in English, once.
        var answered = transcript.Skip(transcript.IndexOf(second) + 1).ToList();
        Assert.Equal(replies.Count, answered.Count);
        Assert.Contains("Here is how to talk to me", answered[0].ActivityJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_commit_keeps_failing_the_turn_runs_once_more_writing_as_it_goes()
    {
        var state = new CountingStateStore();
        var bot = new TestBot(state);
        var commits = new Commits(new MemoryCommit(state.Inner, bot.Transcripts)) { FailAlways = true };

        var replies = await bot.Processor.ProcessCommittedAsync(Key, Message("help", "c1|1", "en-US"), commits, Ct);

        Assert.Equal(TurnProcessor.StorageRetryDelays.Count, commits.Calls);
        Assert.Contains("Here is how to talk to me", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(2, state.Writes);
        Assert.Equal("c1|1", Conversation(await state.ReadAsync(Key.StateKey, Ct)).LastTurn?.ActivityId);
        Assert.Equal(1 + replies.Count, (await bot.Transcripts.ReadAsync(Key.ToString(), Ct)).Count);
    }

    private static ConversationState Conversation(StateEntry? entry) =>
        JsonSerializer.Deserialize<ConversationState>(entry!.Json, DialogJson.Options)!;

    private static Activity Message(string text, string id, string? locale) => new()
    {
        Type = ActivityTypes.Message,
        Id = id,
        Text = text,
        Locale = locale,
        ChannelId = "test",
        From = new ChannelAccount { Id = "user-1", Role = "user" },
        Conversation = new ConversationAccount { Id = id.Split('|')[0] },
    };

    /// <summary>The commits asked for; the ones that went through, and a failure or another writer's move when told.</summary>
    private sealed class Commits(ITurnCommitStore inner) : ITurnCommitStore
    {
        public int Calls { get; private set; }

        public List<TurnCommit> Committed { get; } = [];

        public bool FailAlways { get; init; }

        public Func<Task>? BeforeNext { get; set; }

        public async Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
        {
            Calls++;
            if (FailAlways)
            {
                throw new IOException("No space left on device");
            }

            if (BeforeNext is { } move)
            {
                BeforeNext = null;
                await move();
            }

            await inner.CommitAsync(commit, cancellationToken);
            Committed.Add(commit);
        }
    }

    /// <summary>A turn's commit into the in-memory state and transcript stores (as the server's in-memory store set does).</summary>
    private sealed class MemoryCommit(InMemoryStateStore state, InMemoryTranscriptStore transcripts) : ITurnCommitStore
    {
        public async Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
        {
            state.WriteAll(commit.States);
            await transcripts.AppendAsync(commit.Transcript, cancellationToken);
        }
    }

    /// <summary>The in-memory state store, counting the writes made to it directly (not through a turn's commit).</summary>
    private sealed class CountingStateStore : IStateStore
    {
        public InMemoryStateStore Inner { get; } = new();

        public int Writes { get; private set; }

        public Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken) => Inner.ReadAsync(key, cancellationToken);

        public Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken)
        {
            Writes++;
            return Inner.WriteAsync(key, json, expectedETag, cancellationToken);
        }

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Inner.DeleteAsync(key, cancellationToken);
    }
}
