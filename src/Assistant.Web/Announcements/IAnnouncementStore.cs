namespace Assistant.Web.Announcements;

/// <summary>
/// Announcements to a topic's subscribers and their outbox: one row per recipient with its delivery state. A recipient is
/// claimed (pending → sending) before anything is sent to them and only a pending row can be claimed, so no two instances,
/// and no restart, send anyone the same announcement twice. Recipients are personal data: erased by /forget.
/// </summary>
public interface IAnnouncementStore
{
    Task AddAsync(Announcement announcement, CancellationToken cancellationToken);

    Task<Announcement?> GetAsync(Guid id, CancellationToken cancellationToken);

    /// <summary>The newest first, up to <paramref name="max"/>.</summary>
    Task<IReadOnlyList<Announcement>> ListAsync(int max, CancellationToken cancellationToken);

    /// <summary>Announcements not done whose time has come (<see cref="Announcement.SendAt"/> ≤ <paramref name="now"/>), oldest first.</summary>
    Task<IReadOnlyList<Announcement>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>Adds recipients as pending; one already listed is left as it is. Returns how many were added.</summary>
    Task<int> AddRecipientsAsync(Guid announcementId, IReadOnlyList<AnnouncementRecipient> recipients, CancellationToken cancellationToken);

    /// <summary>Moves the announcement on (scheduled → sending → done); false when it is gone.</summary>
    Task<bool> SetStateAsync(Guid announcementId, AnnouncementState state, CancellationToken cancellationToken);

    /// <summary>Pending recipients, by participant key, up to <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AnnouncementRecipient>> ListPendingAsync(Guid announcementId, int max, CancellationToken cancellationToken);

    /// <summary>Claims a pending recipient for sending (pending → sending); false when it is not pending any more.</summary>
    Task<bool> TryClaimAsync(Guid announcementId, string participantKey, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records how the send of a claimed recipient ended (sent, failed or blocked).</summary>
    Task CompleteAsync(Guid announcementId, string participantKey, RecipientState state, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Claims older than <paramref name="claimedBefore"/> were left by an instance that stopped mid-send: the message may
    /// or may not have gone, so they are marked failed rather than sent again. Returns how many.
    /// </summary>
    Task<int> FailStaleClaimsAsync(DateTimeOffset claimedBefore, DateTimeOffset now, CancellationToken cancellationToken);

    Task<AnnouncementCounts> CountAsync(Guid announcementId, CancellationToken cancellationToken);
}

/// <summary>Where an announcement is: waiting for its time, being sent (its recipients are listed), or done.</summary>
public enum AnnouncementState
{
    Scheduled,
    Sending,
    Done,
}

/// <summary>One recipient's delivery.</summary>
public enum RecipientState
{
    Pending,
    Sending,
    Sent,
    Failed,
    Blocked,
}

/// <param name="Topic">The subscription topic whose subscribers receive it.</param>
/// <param name="TextBg">The Bulgarian text (Markdown as the chat renders it).</param>
/// <param name="SurveyId">A survey the announcement's button starts, if any.</param>
public sealed record Announcement(
    Guid Id,
    string Topic,
    string TextBg,
    string TextEn,
    string? SurveyId,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset SendAt,
    AnnouncementState State = AnnouncementState.Scheduled)
{
    public string Text(string language) => language == "en" ? TextEn : TextBg;
}

/// <param name="Address">Where the channel reaches them: the Telegram chat id or the Direct Line conversation id.</param>
public sealed record AnnouncementRecipient(
    Guid AnnouncementId,
    string ParticipantKey,
    string Channel,
    string Address,
    string Language,
    RecipientState State,
    DateTimeOffset UpdatedAt);

public sealed record AnnouncementCounts(int Pending, int Sending, int Sent, int Failed, int Blocked)
{
    public int Total => Pending + Sending + Sent + Failed + Blocked;

    public static AnnouncementCounts From(IEnumerable<RecipientState> states)
    {
        var list = states.ToList();
        return new AnnouncementCounts(list.Count(s => s == RecipientState.Pending), list.Count(s => s == RecipientState.Sending),
            list.Count(s => s == RecipientState.Sent), list.Count(s => s == RecipientState.Failed), list.Count(s => s == RecipientState.Blocked));
    }
}

/// <summary>The states as stored (lower case words).</summary>
public static class AnnouncementStates
{
    public static string Name(AnnouncementState state) => state.ToString().ToLowerInvariant();

    public static string Name(RecipientState state) => state.ToString().ToLowerInvariant();

    public static AnnouncementState ParseAnnouncement(string value) => Enum.Parse<AnnouncementState>(value, ignoreCase: true);

    public static RecipientState ParseRecipient(string value) => Enum.Parse<RecipientState>(value, ignoreCase: true);
}
