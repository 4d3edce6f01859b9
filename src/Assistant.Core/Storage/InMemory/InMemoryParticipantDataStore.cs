namespace Assistant.Core.Storage.InMemory;

/// <summary>The in-memory stores seen through one participant.</summary>
public sealed class InMemoryParticipantDataStore(
    InMemoryStateStore state,
    InMemoryTranscriptStore transcripts,
    InMemoryActivityLogStore activityLogs,
    InMemorySurveyResponseStore responses,
    InMemoryUnansweredStore? unanswered = null) : IParticipantDataStore
{
    public const string DirectLineChannel = "directline";

    private readonly List<ParticipantLink> _links = [];
    private readonly Lock _lock = new();

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
            links.Sum(l => transcripts.CountConversation(l.ConversationKey)));
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
                removed += unanswered?.RemoveConversation(link.ConversationKey) ?? 0;
                removed += state.Remove($"{link.Channel}/conversations/{link.ConversationId}");
                if (link.UserStateKey is not null)
                {
                    removed += state.Remove(link.UserStateKey);
                }

                if (link.Channel == "telegram")
                {
                    removed += state.Remove($"telegram/chats/{link.ConversationId}");
                }

                if (link.Channel == DirectLineChannel)
                {
                    removed += activityLogs.Scrub(link.ConversationId);
                }
            }

            removed += _links.RemoveAll(l => l.ParticipantKey == participantKey);
            return Task.FromResult(removed);
        }
    }
}
