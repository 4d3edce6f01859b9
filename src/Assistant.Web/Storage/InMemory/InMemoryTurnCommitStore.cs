namespace Assistant.Web.Storage.InMemory;

/// <summary>A turn's commit into the in-memory state and transcript stores, under one lock.</summary>
public sealed class InMemoryTurnCommitStore(InMemoryStateStore state, InMemoryTranscriptStore transcripts) : ITurnCommitStore
{
    private readonly Lock _lock = new();

    public Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            // The documents first: a conflict throws before anything of the turn is stored.
            state.WriteAll(commit.States);
            transcripts.AppendAsync(commit.Transcript, CancellationToken.None);
        }

        return Task.CompletedTask;
    }
}
