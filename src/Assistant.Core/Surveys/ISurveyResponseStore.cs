namespace Assistant.Core.Surveys;

/// <summary>
/// Survey responses and their answers, consent records. Every call commits before it returns: an answer the assistant
/// acknowledged is on disk. One answer per question per response (a repeated save of the same question replaces it).
/// </summary>
public interface ISurveyResponseStore
{
    Task StartAsync(SurveyResponse response, CancellationToken cancellationToken);

    /// <summary>Stores or replaces the answer to one question and returns once it is committed.</summary>
    Task SaveAnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken);

    /// <summary>Sets the status (completed or abandoned) and, for completed, the completion time.</summary>
    Task FinishAsync(Guid responseId, ResponseStatus status, DateTimeOffset at, CancellationToken cancellationToken);

    Task<SurveyResponse?> GetAsync(Guid responseId, CancellationToken cancellationToken);

    /// <summary>The participant's responses to a survey, newest first (pseudonymous surveys only).</summary>
    Task<IReadOnlyList<SurveyResponse>> FindByParticipantAsync(string surveyId, string participantKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<SurveyAnswer>> GetAnswersAsync(Guid responseId, CancellationToken cancellationToken);

    Task RecordConsentAsync(ConsentRecord consent, CancellationToken cancellationToken);

    Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync(string participantKey, CancellationToken cancellationToken);
}

public enum ResponseStatus
{
    InProgress,
    Completed,
    Abandoned,
}

/// <param name="ParticipantKey">Null for anonymous surveys: the response cannot be linked to anyone.</param>
/// <param name="Campaign">Where the participant came from: the campaign label of the invitation or deep link that started
/// the survey; null when it was started from the menu.</param>
public sealed record SurveyResponse(
    Guid Id,
    string SurveyId,
    int SurveyVersion,
    string? ParticipantKey,
    string Channel,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    ResponseStatus Status,
    string? Campaign = null);

/// <param name="ValueJson">The answer as JSON, e.g. {"option":"often"}, {"options":["a","b"],"other":"…"}, {"value":4}, {"text":"…"}, {"skipped":true}.</param>
public sealed record SurveyAnswer(Guid ResponseId, string QuestionId, string ValueJson, DateTimeOffset AnsweredAt);

public sealed record ConsentRecord(string ParticipantKey, string SurveyId, int ConsentVersion, string Channel, DateTimeOffset At);

/// <summary>A response with its answers, in the order they were given.</summary>
public sealed record ResponseWithAnswers(SurveyResponse Response, IReadOnlyList<SurveyAnswer> Answers);
