using System.Runtime.CompilerServices;
using Assistant.Core.InMemory;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage.InMemory;

/// <summary>The staff desk's queries over the in-memory stores (tests and the "memory" provider): plain LINQ over snapshots.</summary>
public sealed class InMemoryStaffReportStore(ISurveyResponseStore responses, ITranscriptStore transcripts) : IStaffReportStore
{
    private readonly InMemorySurveyResponseStore _responses = responses as InMemorySurveyResponseStore
        ?? throw new ArgumentException("The in-memory report store reads the in-memory survey response store.", nameof(responses));

    private readonly InMemoryTranscriptStore _transcripts = transcripts as InMemoryTranscriptStore
        ?? throw new ArgumentException("The in-memory report store reads the in-memory transcript store.", nameof(transcripts));

    public Task<IReadOnlyList<SurveyCountRow>> CountResponsesAsync(DateTimeOffset last7Days, DateTimeOffset last30Days,
        CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SurveyCountRow>>(_responses.Snapshot()
            .Select(r => r.Response)
            .GroupBy(r => (r.SurveyId, r.Channel, r.Status))
            .Select(g => new SurveyCountRow(g.Key.SurveyId, g.Key.Channel, g.Key.Status, g.Count(),
                g.Count(r => r.StartedAt >= last7Days), g.Count(r => r.StartedAt >= last30Days)))
            .ToList());

    public Task<int> CountAsync(ResponseQuery query, CancellationToken cancellationToken) =>
        Task.FromResult(Matching(query).Count());

    public Task<IReadOnlyList<SurveyResponse>> ListAsync(ResponseQuery query, int offset, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SurveyResponse>>(Matching(query)
            .Select(r => r.Response)
            .OrderByDescending(r => r.StartedAt)
            .ThenByDescending(r => r.Id.ToString(), StringComparer.Ordinal)
            .Skip(offset)
            .Take(limit)
            .ToList());

    public async IAsyncEnumerable<ResponseWithAnswers> StreamAsync(ResponseQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var item in Matching(query)
                     .OrderBy(r => r.Response.StartedAt)
                     .ThenBy(r => r.Response.Id.ToString(), StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask;
    }

    public Task<int> CountKnowledgeAnswersAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_transcripts.Snapshot()
            .Count(e => e.Direction == TranscriptEntry.Outbound && e.ActivityJson.Contains("\"knowledgeId\"", StringComparison.Ordinal)));

    private IEnumerable<ResponseWithAnswers> Matching(ResponseQuery query) =>
        _responses.Snapshot().Where(r => Matches(r.Response, query));

    private static bool Matches(SurveyResponse response, ResponseQuery query) =>
        response.SurveyId == query.SurveyId
        && (query.From is not { } from || response.StartedAt >= from)
        && (query.Before is not { } before || response.StartedAt < before)
        && (query.Channel is null || response.Channel == query.Channel)
        && (query.Campaign is null || response.Campaign == query.Campaign)
        && query.Completion switch
        {
            CompletionFilter.Completed => response.Status == ResponseStatus.Completed,
            CompletionFilter.NotCompleted => response.Status != ResponseStatus.Completed,
            _ => true,
        };
}
