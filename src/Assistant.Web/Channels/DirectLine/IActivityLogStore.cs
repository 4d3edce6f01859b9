namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// The Direct Line side of storage: conversations and their numbered activity logs. The sequence number of an
/// activity is its watermark; inbound user activities stay "unhandled" until their turn has completed, so a
/// restarted server can finish turns it acknowledged but did not run. The store takes the activities it is given to
/// append: it stamps them in place (id, timestamp, conversation) instead of copying them, so a caller hands over
/// activities it does not change afterwards and uses what comes back.
/// </summary>
public interface IActivityLogStore
{
    /// <summary>Creates the conversation if it does not exist; returns false when it existed already.</summary>
    Task<bool> CreateConversationAsync(DirectLineConversation conversation, CancellationToken cancellationToken);

    Task<DirectLineConversation?> GetConversationAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores an inbound activity with the next number, an id and a strictly increasing timestamp. When the
    /// client's echo key was stored before, returns that earlier activity with <c>Duplicate = true</c>.
    /// </summary>
    Task<AppendResult> AppendInboundAsync(string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary>Stores the bot's replies to an inbound activity and marks that activity handled, atomically.</summary>
    Task<IReadOnlyList<LoggedActivity>> CompleteTurnAsync(string conversationId, long inboundSequence,
        IReadOnlyList<Activity> replies, CancellationToken cancellationToken) =>
        CompleteTurnAsync(conversationId, inboundSequence, replies, commit: null, cancellationToken);

    /// <summary>
    /// Marks the inbound activity handled, writes the turn's <paramref name="commit"/> (its state documents, eTag-checked,
    /// and its transcript entries) and stores the replies, all in one transaction: one durable commit for the whole turn.
    /// When the activity was handled already, nothing is written and no replies come back. A state document whose eTag
    /// changed fails the whole call with <see cref="ConcurrencyConflictException"/> and nothing of it is stored.
    /// </summary>
    Task<IReadOnlyList<LoggedActivity>> CompleteTurnAsync(string conversationId, long inboundSequence,
        IReadOnlyList<Activity> replies, TurnCommit? commit, CancellationToken cancellationToken);

    /// <summary>Stores activities the bot sends without an inbound activity (e.g. the welcome).</summary>
    Task<IReadOnlyList<LoggedActivity>> AppendOutboundAsync(string conversationId, IReadOnlyList<Activity> activities,
        CancellationToken cancellationToken);

    Task<IReadOnlyList<LoggedActivity>> ReadAfterAsync(string conversationId, long watermark, int max,
        CancellationToken cancellationToken);

    /// <summary>
    /// The watermark after which exactly the last <paramref name="count"/> activities of a conversation follow; 0 when it
    /// has no more than that (a client resuming from it sees the recent history, not all of it).
    /// </summary>
    Task<long> WatermarkBeforeLastAsync(string conversationId, int count, CancellationToken cancellationToken);

    Task<IReadOnlyList<LoggedActivity>> GetUnhandledAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Conversations that have inbound activities whose turn did not complete.</summary>
    Task<IReadOnlyList<string>> GetConversationsWithUnhandledAsync(CancellationToken cancellationToken);
}

public sealed record DirectLineConversation(string Id, string UserId, string? Locale, DateTimeOffset Created);

public sealed record LoggedActivity(long Sequence, Activity Activity);

public sealed record AppendResult(LoggedActivity Logged, bool Duplicate);
