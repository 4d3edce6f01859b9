using Assistant.Core.Surveys.Publications;

namespace Assistant.Core.InMemory;

/// <summary>Survey closings, published results and outcome notes in process memory (tests and the "memory" provider).</summary>
public sealed class InMemorySurveyPublicationStore : ISurveyPublicationStore
{
    private readonly Dictionary<string, (SurveyPublication Publication, string? Results)> _rows = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Task<SurveyPublication?> GetAsync(string surveyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(surveyId, out var row) ? row.Publication : null);
        }
    }

    public Task<IReadOnlyList<SurveyPublication>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<SurveyPublication>>(_rows.Values.Select(r => r.Publication)
                .OrderBy(p => p.SurveyId, StringComparer.Ordinal).ToList());
        }
    }

    public Task<bool> CloseAsync(string surveyId, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var (publication, results) = Row(surveyId, by, at);
            if (publication.ClosedAt is not null)
            {
                return Task.FromResult(false);
            }

            _rows[surveyId] = (publication with { ClosedAt = at, ClosedBy = by, UpdatedAt = at, UpdatedBy = by }, results);
            return Task.FromResult(true);
        }
    }

    public Task PublishAsync(string surveyId, string resultsUrl, string resultsJson, string by, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var (publication, _) = Row(surveyId, by, at);
            _rows[surveyId] = (publication with { PublishedAt = at, PublishedBy = by, ResultsUrl = resultsUrl, UpdatedAt = at, UpdatedBy = by },
                resultsJson);
        }

        return Task.CompletedTask;
    }

    public Task<bool> UnpublishAsync(string surveyId, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (!_rows.TryGetValue(surveyId, out var row) || !row.Publication.IsPublished)
            {
                return Task.FromResult(false);
            }

            _rows[surveyId] = (row.Publication with { PublishedAt = null, PublishedBy = null, ResultsUrl = null, UpdatedAt = at, UpdatedBy = by },
                null);
            return Task.FromResult(true);
        }
    }

    public Task SetNoteAsync(string surveyId, string noteBg, string noteEn, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var (publication, results) = Row(surveyId, by, at);
            _rows[surveyId] = (publication with { NoteBg = noteBg, NoteEn = noteEn, UpdatedAt = at, UpdatedBy = by }, results);
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetResultsAsync(string surveyId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_rows.TryGetValue(surveyId, out var row) ? row.Results : null);
        }
    }

    private (SurveyPublication Publication, string? Results) Row(string surveyId, string by, DateTimeOffset at) =>
        _rows.TryGetValue(surveyId, out var row) ? row : (new SurveyPublication(surveyId, null, null, null, null, null, "", "", at, by), null);
}
