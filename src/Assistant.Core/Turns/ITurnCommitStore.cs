using Assistant.Core.Conversation;

namespace Assistant.Core.Turns;

/// <summary>
/// Commits a turn's <see cref="TurnCommit"/> on its own, for a channel that keeps no record of the turn to commit it
/// with (Bot Connector's <c>/api/messages</c>): the state documents, each eTag-checked, and the transcript entries in one
/// transaction, so the turn costs one durable commit and a crash leaves either all of it or none. A state document whose
/// eTag changed fails the whole call with <see cref="ConcurrencyConflictException"/> and nothing of it is stored.
/// </summary>
public interface ITurnCommitStore
{
    Task CommitAsync(TurnCommit commit, CancellationToken cancellationToken);
}
