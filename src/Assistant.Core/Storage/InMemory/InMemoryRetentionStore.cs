namespace Assistant.Core.Storage.InMemory;

public sealed class InMemoryRetentionStore(InMemoryTranscriptStore transcripts, InMemoryUnansweredStore unanswered, InMemoryActivityLogStore activityLogs)
    : IRetentionStore
{
    public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Task.FromResult(transcripts.RemoveOlderThan(cutoff) + unanswered.RemoveOlderThan(cutoff) + activityLogs.ScrubOlderThan(cutoff));
}
