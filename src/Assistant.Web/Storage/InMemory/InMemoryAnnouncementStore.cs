using Assistant.Web.Announcements;

namespace Assistant.Web.Storage.InMemory;

/// <summary>Announcements and their outbox in process memory (tests and the "memory" provider).</summary>
public sealed class InMemoryAnnouncementStore : IAnnouncementStore
{
    private readonly Dictionary<Guid, Announcement> _announcements = [];
    private readonly Dictionary<(Guid Id, string Key), AnnouncementRecipient> _recipients = [];
    private readonly Lock _lock = new();

    public Task AddAsync(Announcement announcement, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_announcements.TryAdd(announcement.Id, announcement))
            {
                throw new InvalidOperationException($"Announcement {announcement.Id} exists.");
            }
        }

        return Task.CompletedTask;
    }

    public Task<Announcement?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_announcements.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Announcement>> ListAsync(int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Announcement>>(_announcements.Values.OrderByDescending(a => a.CreatedAt)
                .ThenBy(a => a.Id).Take(max).ToList());
        }
    }

    public Task<IReadOnlyList<Announcement>> ListDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Announcement>>(_announcements.Values
                .Where(a => a.State != AnnouncementState.Done && a.SendAt <= now)
                .OrderBy(a => a.SendAt).ThenBy(a => a.Id).Take(max).ToList());
        }
    }

    public Task<int> AddRecipientsAsync(Guid announcementId, IReadOnlyList<AnnouncementRecipient> recipients, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(recipients.Count(r => _recipients.TryAdd((announcementId, r.ParticipantKey),
                r with { AnnouncementId = announcementId, State = RecipientState.Pending })));
        }
    }

    public Task<bool> SetStateAsync(Guid announcementId, AnnouncementState state, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_announcements.TryGetValue(announcementId, out var announcement))
            {
                return Task.FromResult(false);
            }

            _announcements[announcementId] = announcement with { State = state };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<AnnouncementRecipient>> ListPendingAsync(Guid announcementId, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<AnnouncementRecipient>>(_recipients.Values
                .Where(r => r.AnnouncementId == announcementId && r.State == RecipientState.Pending)
                .OrderBy(r => r.ParticipantKey, StringComparer.Ordinal).Take(max).ToList());
        }
    }

    public Task<bool> TryClaimAsync(Guid announcementId, string participantKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Move(announcementId, participantKey, RecipientState.Pending, RecipientState.Sending, now));

    public Task CompleteAsync(Guid announcementId, string participantKey, RecipientState state, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        Move(announcementId, participantKey, RecipientState.Sending, state, now);
        return Task.CompletedTask;
    }

    public Task<int> FailStaleClaimsAsync(DateTimeOffset claimedBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var stale = _recipients.Where(r => r.Value.State == RecipientState.Sending && r.Value.UpdatedAt < claimedBefore).ToList();
            stale.ForEach(r => _recipients[r.Key] = r.Value with { State = RecipientState.Failed, UpdatedAt = now });
            return Task.FromResult(stale.Count);
        }
    }

    public Task<AnnouncementCounts> CountAsync(Guid announcementId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(AnnouncementCounts.From(_recipients.Values.Where(r => r.AnnouncementId == announcementId).Select(r => r.State)));
        }
    }

    /// <summary>Removes every delivery of the participant (the privacy store's erasure); returns how many there were.</summary>
    public int RemoveParticipant(string participantKey)
    {
        lock (_lock)
        {
            var keys = _recipients.Keys.Where(k => k.Key == participantKey).ToList();
            keys.ForEach(k => _recipients.Remove(k));
            return keys.Count;
        }
    }

    private bool Move(Guid announcementId, string participantKey, RecipientState from, RecipientState to, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_recipients.TryGetValue((announcementId, participantKey), out var recipient) || recipient.State != from)
            {
                return false;
            }

            _recipients[(announcementId, participantKey)] = recipient with { State = to, UpdatedAt = now };
            return true;
        }
    }
}
