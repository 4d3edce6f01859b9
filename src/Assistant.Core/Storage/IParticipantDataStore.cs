namespace Assistant.Core.Storage;

/// <summary>
/// Everything stored about one participant, across every table: what <c>/mydata</c> shows and what <c>/forget</c> and the
/// staff desk erase. A participant is known by their pseudonymous key; the conversations they had are linked to that
/// key when the conversation starts (<see cref="LinkAsync"/>), so erasing reaches transcripts and state too.
/// Anonymous survey answers carry no key and are untouched: they cannot be linked to anyone.
/// </summary>
public interface IParticipantDataStore
{
    /// <summary>Records that a conversation (and its user-state document) belongs to the participant. Idempotent.</summary>
    Task LinkAsync(ParticipantLink link, CancellationToken cancellationToken);

    Task<ParticipantData> ExportAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>Deletes every row linked to the participant, in one transaction where the store allows; returns the rows deleted.</summary>
    Task<int> EraseAsync(string participantKey, CancellationToken cancellationToken);
}

/// <param name="ConversationKey">"{channel}/{conversationId}", as transcripts and activity logs name it.</param>
public sealed record ParticipantLink(string ParticipantKey, string Channel, string ConversationId, string ConversationKey,
    string? UserStateKey, DateTimeOffset FirstSeen);

public sealed record ParticipantData(
    string ParticipantKey,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<ParticipantResponse> Responses,
    IReadOnlyList<ParticipantLink> Conversations,
    int TranscriptEntries);

public sealed record ParticipantResponse(SurveyResponse Response, IReadOnlyList<SurveyAnswer> Answers);
