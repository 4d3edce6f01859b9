namespace Assistant.Core.TeamQuestions;

/// <summary>
/// Questions a citizen asked the team in person ("Ask the team"), the staff's reply and its delivery back into the same
/// conversation. Personal data: erased with the participant's conversations, purged by retention, never exported.
/// Every change after <see cref="AddAsync"/> is a whole-record update guarded by <see cref="TeamQuestion.Version"/>, so two
/// staff members (or two server instances delivering) cannot overwrite each other.
/// </summary>
public interface ITeamQuestionStore
{
    /// <summary>Stores a new question (version 1). Its reference is unique; a clash throws <see cref="InvalidOperationException"/>.</summary>
    Task AddAsync(TeamQuestion question, CancellationToken cancellationToken);

    Task<TeamQuestion?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>By its reference ("Q-7KD3QX"), case-insensitive.</summary>
    Task<TeamQuestion?> FindByReferenceAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Questions in the given states, oldest first (the inbox), up to <paramref name="max"/>.</summary>
    Task<IReadOnlyList<TeamQuestion>> ListAsync(IReadOnlyCollection<TeamQuestionStatus> statuses, int max, CancellationToken cancellationToken);

    /// <summary>The questions asked in these conversations ("{channel}/{id}"), newest first.</summary>
    Task<IReadOnlyList<TeamQuestion>> ListForConversationsAsync(IReadOnlyCollection<string> conversationKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Closed questions whose reply has not reached the conversation yet: never tried, or claimed for sending before
    /// <paramref name="staleClaimsBefore"/> by an instance that did not finish. Oldest reply first.
    /// </summary>
    Task<IReadOnlyList<TeamQuestion>> ListUndeliveredAsync(DateTimeOffset staleClaimsBefore, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored record with <paramref name="updated"/> when the stored one still has version
    /// <paramref name="expectedVersion"/>; the stored version becomes <c>expectedVersion + 1</c>. False (nothing changed)
    /// when someone changed it first or it is gone.
    /// </summary>
    Task<bool> UpdateAsync(TeamQuestion updated, int expectedVersion, CancellationToken cancellationToken);
}

public enum TeamQuestionStatus
{
    /// <summary>Waiting for the team (new, or reopened by the citizen).</summary>
    Open,

    /// <summary>The team replied.</summary>
    Answered,

    /// <summary>Not the team's remit; the reply points to the city service that can help.</summary>
    NotOurRemit,

    /// <summary>The same as an earlier question (<see cref="TeamQuestion.DuplicateOf"/>); its answer was passed on.</summary>
    Duplicate,
}

/// <summary>How far a reply got on its way back into the conversation.</summary>
public enum TeamDelivery
{
    /// <summary>Nothing to deliver yet, or not tried yet.</summary>
    Pending,

    /// <summary>An instance claimed it and is sending (retried by another when the claim grows stale).</summary>
    Sending,

    Delivered,

    /// <summary>The citizen blocked the bot (Telegram); not retried.</summary>
    Blocked,

    /// <summary>The channel refused it for good or cannot carry it; not retried.</summary>
    Failed,
}

/// <summary>What the citizen said to a delivered reply (once).</summary>
public enum TeamFollowUp
{
    None,
    Thanked,
    Reopened,
}

/// <param name="Reference">What the citizen is given and the desk shows, e.g. "Q-7KD3QX".</param>
/// <param name="ConversationKey">"{channel}/{conversationId}": where the reply goes, and how erasure finds it.</param>
/// <param name="ParticipantKey">The citizen's pseudonymous key, when known.</param>
/// <param name="Email">An optional address the citizen chose to give; never exported.</param>
/// <param name="Reply">The team's reply (plain text); for "not our remit" the pointer to the right service.</param>
/// <param name="DeliveryAt">When <see cref="Delivery"/> last changed.</param>
/// <param name="UpdatedAt">The last change of any kind; retention counts from it.</param>
public sealed record TeamQuestion(
    Guid Id,
    string Reference,
    string Text,
    string Language,
    string Channel,
    string ConversationKey,
    string? ParticipantKey,
    string? Email,
    DateTimeOffset AskedAt,
    TeamQuestionStatus Status = TeamQuestionStatus.Open,
    string? AssignedTo = null,
    string? Reply = null,
    string? RepliedBy = null,
    DateTimeOffset? RepliedAt = null,
    string? DuplicateOf = null,
    TeamDelivery Delivery = TeamDelivery.Pending,
    DateTimeOffset? DeliveryAt = null,
    TeamFollowUp FollowUp = TeamFollowUp.None,
    DateTimeOffset? UpdatedAt = null,
    int Version = 1)
{
    /// <summary>The conversation id within its channel (the part after the first "/").</summary>
    public string ConversationId => ConversationKey[(ConversationKey.IndexOf('/', StringComparison.Ordinal) + 1)..];

    public bool IsClosed => Status != TeamQuestionStatus.Open;
}
