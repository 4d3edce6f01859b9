using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;

namespace Assistant.Core.InMemory;

/// <summary>Invitations in process memory (tests and the "memory" provider); counts come from the in-memory responses.</summary>
public sealed class InMemoryInvitationStore(InMemorySurveyResponseStore responses) : IInvitationStore
{
    private readonly Dictionary<string, Invitation> _invitations = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task CreateAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_invitations.TryAdd(invitation.Id, invitation with { Opened = 0 }))
            {
                throw new InvalidOperationException($"Invitation '{invitation.Id}' already exists.");
            }
        }

        return Task.CompletedTask;
    }

    public Task<Invitation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_invitations.GetValueOrDefault(id));
        }
    }

    public Task<IReadOnlyList<Invitation>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<Invitation>>(
                _invitations.Values.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList());
        }
    }

    public Task<InvitationOpening> OpenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_invitations.TryGetValue(id, out var invitation))
            {
                return Task.FromResult(new InvitationOpening(InvitationOutcome.Invalid, null));
            }

            var outcome = invitation.Check(now);
            if (outcome != InvitationOutcome.Opened)
            {
                return Task.FromResult(new InvitationOpening(outcome, null));
            }

            var opened = invitation with { Opened = invitation.Opened + 1 };
            _invitations[id] = opened;
            return Task.FromResult(new InvitationOpening(outcome, opened));
        }
    }

    public Task<IReadOnlyList<CampaignCount>> CountCampaignsAsync(string surveyId, CancellationToken cancellationToken)
    {
        Dictionary<string, int> opened;
        lock (_lock)
        {
            opened = _invitations.Values.Where(i => i.SurveyId == surveyId)
                .GroupBy(i => i.Campaign, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(i => i.Opened), StringComparer.Ordinal);
        }

        var started = responses.Snapshot().Select(r => r.Response)
            .Where(r => r.SurveyId == surveyId && r.Campaign is not null)
            .GroupBy(r => r.Campaign!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Consented: g.Count(), Completed: g.Count(r => r.Status == ResponseStatus.Completed)),
                StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<CampaignCount>>(opened.Keys.Union(started.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(c => new CampaignCount(c, opened.TryGetValue(c, out var o) ? o : null,
                started.TryGetValue(c, out var s) ? s.Consented : 0, started.TryGetValue(c, out var t) ? t.Completed : 0))
            .ToList());
    }
}
