namespace Assistant.Core.Conversation;

/// <summary>
/// Lets one turn at a time run per conversation on this instance; eTags catch the cross-instance case. It is a lease on
/// a <see cref="ConversationQueue"/> of its own, taken by <c>TurnProcessor</c> around each turn, so that every caller is
/// covered: the channel runners as much as the turns run directly (a Direct Line welcome, a Bot Connector request that
/// wants its replies in the response, the tests). The runners keep their own queues as well, because their unit of work
/// is larger than a turn (the turn and then storing or posting its replies, or completing a claim) and its place in the
/// order is fixed when the work arrives, not when a background task happens to reach this gate.
/// </summary>
public sealed class ConversationGate
{
    private readonly ConversationQueue _queue = new();

    /// <summary>Waits for the conversation's turn; the turn ends when the lease is disposed.</summary>
    public Task<IDisposable> EnterAsync(string key, CancellationToken cancellationToken) => _queue.EnterAsync(key, cancellationToken);

    /// <summary>Number of conversations with a turn running or waiting (for tests and diagnostics).</summary>
    public int ActiveCount => _queue.BusyKeys;
}
