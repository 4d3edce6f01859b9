namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Updates a channel delivered (Telegram <c>update_id</c>s), claimed before they are processed so that each one has its
/// effect once: a redelivery, a restart or a second instance finds the id and drops the copy. A claim that is never
/// completed (the process died) goes stale and is taken over, so a received update is not lost either.
/// </summary>
public interface IProcessedUpdateStore
{
    /// <summary>Records the update as claimed; false when its id is known already (a duplicate to drop).</summary>
    Task<bool> TryClaimAsync(ReceivedUpdate update, CancellationToken cancellationToken);

    /// <summary>Marks the update done; its payload is no longer kept.</summary>
    Task CompleteAsync(string source, long updateId, DateTimeOffset completedAt, CancellationToken cancellationToken);

    /// <summary>Claimed, unfinished updates of <paramref name="source"/> claimed before <paramref name="claimedBefore"/>, oldest first.</summary>
    Task<IReadOnlyList<ReceivedUpdate>> ListStaleAsync(string source, DateTimeOffset claimedBefore, int max,
        CancellationToken cancellationToken);

    /// <summary>
    /// Takes over a stale claim (compare-and-set on its claim time); false when someone else took it over or finished it first.
    /// </summary>
    Task<bool> TryReclaimAsync(string source, long updateId, DateTimeOffset staleClaimedAt, DateTimeOffset now,
        CancellationToken cancellationToken);

    /// <summary>Forgets completed updates finished before the cutoff; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken);
}

/// <param name="Source">Whose ids these are, e.g. <c>telegram/123456</c> (update ids are per bot).</param>
/// <param name="ConversationId">The conversation the update belongs to, when it has one (keeps recovery in order).</param>
/// <param name="Payload">The update as received (JSON), so a stale claim can be processed by whoever takes it over.</param>
public sealed record ReceivedUpdate(string Source, long UpdateId, string? ConversationId, string Payload, DateTimeOffset ClaimedAt);
