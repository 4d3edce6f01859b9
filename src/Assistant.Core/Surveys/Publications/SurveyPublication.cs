namespace Assistant.Core.Surveys.Publications;

/// <summary>A survey's staff record after it ran (<see cref="ISurveyPublicationStore"/>).</summary>
/// <param name="ClosedAt">When staff closed it to new responses; null when only its <c>closes</c> date ends it.</param>
/// <param name="ResultsUrl">The public results page, absolute (chat messages link to it); null when not published.</param>
/// <param name="NoteBg">The outcome note in Bulgarian ("what we are doing with this"); empty when none.</param>
/// <param name="UpdatedBy">The staff member of the last change.</param>
public sealed record SurveyPublication(
    string SurveyId,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    DateTimeOffset? PublishedAt,
    string? PublishedBy,
    string? ResultsUrl,
    string NoteBg,
    string NoteEn,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public bool IsPublished => PublishedAt is not null;

    public string Note(string language) => language == "en" ? NoteEn : NoteBg;
}

/// <summary>Whether a survey still takes responses: within its dates and not closed by staff.</summary>
public static class SurveyClosing
{
    /// <summary>Closed: its <c>closes</c> date has passed, or staff closed it.</summary>
    public static bool IsClosed(SurveyDefinition survey, SurveyPublication? publication, DateTimeOffset now) =>
        DateOnly.FromDateTime(now.UtcDateTime) > survey.Closes || publication?.ClosedAt is not null;

    /// <summary>The surveys open now that staff have not closed.</summary>
    public static async Task<IReadOnlyList<SurveyDefinition>> OpenAsync(SurveyCatalog catalog, ISurveyPublicationStore publications,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = catalog.Open(now);
        if (open.Count == 0)
        {
            return open;
        }

        var closed = (await publications.ListAsync(cancellationToken)).Where(p => p.ClosedAt is not null)
            .Select(p => p.SurveyId).ToHashSet(StringComparer.Ordinal);
        return closed.Count == 0 ? open : open.Where(s => !closed.Contains(s.Id)).ToList();
    }

    /// <summary>Whether the survey takes responses now.</summary>
    public static async Task<bool> AcceptsAsync(SurveyDefinition survey, ISurveyPublicationStore publications, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        survey.IsOpen(now) && (await publications.GetAsync(survey.Id, cancellationToken))?.ClosedAt is null;
}
