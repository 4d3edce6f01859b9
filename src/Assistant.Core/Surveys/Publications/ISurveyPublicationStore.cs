namespace Assistant.Core.Surveys.Publications;

/// <summary>
/// What staff decided about a survey after it ran: closed early, results published (with the figures as published and
/// the public page's address), and the outcome note. Staff records only, nothing a participant wrote; one row per survey.
/// </summary>
public interface ISurveyPublicationStore
{
    Task<SurveyPublication?> GetAsync(string surveyId, CancellationToken cancellationToken);

    /// <summary>Every survey with a record, by survey id.</summary>
    Task<IReadOnlyList<SurveyPublication>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Closes the survey to new responses; false when staff had closed it already (the first closing is kept).</summary>
    Task<bool> CloseAsync(string surveyId, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Publishes (or publishes again, replacing) the results: their public address and the figures as shown.</summary>
    Task PublishAsync(string surveyId, string resultsUrl, string resultsJson, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Takes the results down (the figures go with them); false when they were not published.</summary>
    Task<bool> UnpublishAsync(string surveyId, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sets the outcome note ("what we are doing with this") in both languages; empty text means none.</summary>
    Task SetNoteAsync(string surveyId, string noteBg, string noteEn, string by, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The published figures (JSON as the desk wrote them), or null when the results are not published.</summary>
    Task<string?> GetResultsAsync(string surveyId, CancellationToken cancellationToken);
}
