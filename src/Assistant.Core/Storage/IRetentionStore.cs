namespace Assistant.Core.Storage;

/// <summary>Removes conversation texts past their retention: transcripts, Direct Line message texts, unanswered questions.</summary>
public interface IRetentionStore
{
    /// <summary>Purges what was recorded before <paramref name="cutoff"/>; returns the rows purged.</summary>
    Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
