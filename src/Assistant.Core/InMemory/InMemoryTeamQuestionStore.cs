using Assistant.Core.TeamQuestions;

namespace Assistant.Core.InMemory;

public sealed class InMemoryTeamQuestionStore : ITeamQuestionStore
{
    private readonly Dictionary<Guid, TeamQuestion> _items = [];
    private readonly Lock _lock = new();

    public Task AddAsync(TeamQuestion question, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_items.ContainsKey(question.Id)
                || _items.Values.Any(q => string.Equals(q.Reference, question.Reference, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidOperationException($"A team question with the id or reference of {question.Reference} exists already.");
            }

            _items[question.Id] = question with { Version = 1, UpdatedAt = question.UpdatedAt ?? question.AskedAt };
        }

        return Task.CompletedTask;
    }

    public Task<TeamQuestion?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.GetValueOrDefault(id));
        }
    }

    public Task<TeamQuestion?> FindByReferenceAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_items.Values.FirstOrDefault(q => string.Equals(q.Reference, reference, StringComparison.OrdinalIgnoreCase)));
        }
    }

    public Task<IReadOnlyList<TeamQuestion>> ListAsync(IReadOnlyCollection<TeamQuestionStatus> statuses, int max,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TeamQuestion>>(_items.Values.Where(q => statuses.Contains(q.Status))
                .OrderBy(q => q.AskedAt).ThenBy(q => q.Id).Take(max).ToList());
        }
    }

    public Task<IReadOnlyList<TeamQuestion>> ListForConversationsAsync(IReadOnlyCollection<string> conversationKeys,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TeamQuestion>>(_items.Values.Where(q => conversationKeys.Contains(q.ConversationKey))
                .OrderByDescending(q => q.AskedAt).ThenBy(q => q.Id).ToList());
        }
    }

    public Task<IReadOnlyList<TeamQuestion>> ListUndeliveredAsync(DateTimeOffset staleClaimsBefore, int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<TeamQuestion>>(_items.Values
                .Where(q => q.IsClosed && q.Reply is not null
                    && (q.Delivery == TeamDelivery.Pending || q.Delivery == TeamDelivery.Sending && q.DeliveryAt < staleClaimsBefore))
                .OrderBy(q => q.RepliedAt).ThenBy(q => q.Id).Take(max).ToList());
        }
    }

    public Task<bool> UpdateAsync(TeamQuestion updated, int expectedVersion, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue(updated.Id, out var stored) || stored.Version != expectedVersion)
            {
                return Task.FromResult(false);
            }

            _items[updated.Id] = updated with { Version = expectedVersion + 1 };
            return Task.FromResult(true);
        }
    }

    /// <summary>Erasure: every question of the conversation or of the participant; returns how many went.</summary>
    public int RemoveConversation(string conversationKey, string participantKey)
    {
        lock (_lock)
        {
            var ids = _items.Values.Where(q => q.ConversationKey == conversationKey || q.ParticipantKey == participantKey).Select(q => q.Id).ToList();
            ids.ForEach(id => _items.Remove(id));
            return ids.Count;
        }
    }

    /// <summary>Retention: questions unchanged since before <paramref name="cutoff"/>.</summary>
    public int RemoveOlderThan(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            var ids = _items.Values.Where(q => (q.UpdatedAt ?? q.AskedAt) < cutoff).Select(q => q.Id).ToList();
            ids.ForEach(id => _items.Remove(id));
            return ids.Count;
        }
    }
}
