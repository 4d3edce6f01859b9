using Assistant.Core.Privacy;

namespace Assistant.Core.InMemory;

/// <summary>
/// The in-memory stores seen through one participant: links, survey responses and consents, transcripts, unanswered
/// questions, conversation and user state. Channel data that Core does not know (a channel's log or its own documents)
/// is added by overriding <see cref="EraseChannelData"/> and <see cref="PurgeChannelData"/>.
/// </summary>
public class InMemoryPrivacyStore(
    InMemoryStateStore state,
    InMemoryTranscriptStore transcripts,
    InMemorySurveyResponseStore responses,
    InMemoryUnansweredStore unanswered,
    InMemorySubscriptionStore? subscriptions = null) : IPrivacyStore
{
    private readonly List<ParticipantLink> _links = [];
    private readonly Lock _lock = new();

    protected InMemoryStateStore State => state;

    public Task LinkAsync(ParticipantLink link, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_links.Any(l => l.ParticipantKey == link.ParticipantKey && l.ConversationKey == link.ConversationKey))
            {
                _links.Add(link);
            }
        }

        return Task.CompletedTask;
    }

    public async Task<ParticipantData> ExportAsync(string participantKey, CancellationToken cancellationToken)
    {
        List<ParticipantLink> links;
        lock (_lock)
        {
            links = _links.Where(l => l.ParticipantKey == participantKey).ToList();
        }

        var consents = await responses.GetConsentsAsync(participantKey, cancellationToken);
        return new ParticipantData(participantKey, consents, responses.ResponsesOf(participantKey), links,
            links.Sum(l => transcripts.CountConversation(l.ConversationKey)),
            subscriptions is null ? [] : await subscriptions.ListAsync(participantKey, cancellationToken));
    }

    public Task<int> EraseAsync(string participantKey, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var links = _links.Where(l => l.ParticipantKey == participantKey).ToList();
            var removed = responses.EraseParticipant(participantKey);
            foreach (var link in links)
            {
                removed += transcripts.RemoveConversation(link.ConversationKey);
                removed += unanswered.RemoveConversation(link.ConversationKey);
                removed += state.Remove($"{link.Channel}/conversations/{link.ConversationId}");
                if (link.UserStateKey is not null)
                {
                    removed += state.Remove(link.UserStateKey);
                }

                removed += EraseChannelData(link);
            }

            removed += subscriptions?.RemoveParticipant(participantKey) ?? 0;
            removed += EraseParticipantData(participantKey);
            removed += _links.RemoveAll(l => l.ParticipantKey == participantKey);
            return Task.FromResult(removed);
        }
    }

    public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        Task.FromResult(transcripts.RemoveOlderThan(cutoff) + unanswered.RemoveOlderThan(cutoff) + PurgeChannelData(cutoff));

    public Task<int> PurgeSurveyAsync(string surveyId, CancellationToken cancellationToken) =>
        Task.FromResult(responses.EraseSurvey(surveyId));

    /// <summary>Erases what a channel keeps about one of the participant's conversations; returns the items removed.</summary>
    protected virtual int EraseChannelData(ParticipantLink link) => 0;

    /// <summary>Erases what the host keeps under the participant's key besides the above; returns the items removed.</summary>
    protected virtual int EraseParticipantData(string participantKey) => 0;

    /// <summary>Purges what a channel keeps from before <paramref name="cutoff"/>; returns the items purged.</summary>
    protected virtual int PurgeChannelData(DateTimeOffset cutoff) => 0;
}
