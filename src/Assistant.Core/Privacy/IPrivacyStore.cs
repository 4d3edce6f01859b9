using Assistant.Core.Subscriptions;
using Assistant.Core.Surveys;

namespace Assistant.Core.Privacy;

/// <summary>
/// Everything stored about people, across every table: what <c>/mydata</c> shows, what <c>/forget</c> and the staff desk
/// erase, and what the retention job purges. A participant is known by their pseudonymous key; the conversations they
/// had are linked to that key when the conversation starts (<see cref="LinkAsync"/>), so erasing reaches transcripts,
/// state and channel logs too. Anonymous survey answers carry no key and are untouched: they cannot be linked to anyone.
/// Each storage backend implements this in one place that lists every table and document holding personal data, once
/// for erasing and once for purging, so a table cannot be forgotten by one backend and remembered by another.
/// </summary>
public interface IPrivacyStore
{
    /// <summary>Records that a conversation (and its user-state document) belongs to the participant. Idempotent.</summary>
    Task LinkAsync(ParticipantLink link, CancellationToken cancellationToken);

    Task<ParticipantData> ExportAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>Deletes every row linked to the participant, in one transaction where the store allows; returns the rows deleted.</summary>
    Task<int> EraseAsync(string participantKey, CancellationToken cancellationToken);

    /// <summary>
    /// Purges conversation texts recorded before <paramref name="cutoff"/> (transcripts, unanswered questions, channel
    /// logs), all of it or none; returns the rows purged. Survey answers follow their survey's own retention.
    /// </summary>
    Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every response, answer and consent of the survey (anonymous ones too), in one transaction where the store
    /// allows: its retention date has passed. Returns the rows deleted.
    /// </summary>
    Task<int> PurgeSurveyAsync(string surveyId, CancellationToken cancellationToken);
}

/// <param name="ConversationKey">"{channel}/{conversationId}", as transcripts and activity logs name it.</param>
public sealed record ParticipantLink(string ParticipantKey, string Channel, string ConversationId, string ConversationKey,
    string? UserStateKey, DateTimeOffset FirstSeen);

public sealed record ParticipantData(
    string ParticipantKey,
    IReadOnlyList<ConsentRecord> Consents,
    IReadOnlyList<ParticipantResponse> Responses,
    IReadOnlyList<ParticipantLink> Conversations,
    int TranscriptEntries,
    IReadOnlyList<Subscription>? Subscriptions = null);

public sealed record ParticipantResponse(SurveyResponse Response, IReadOnlyList<SurveyAnswer> Answers);
