namespace Assistant.Web.Admin.Stores;

/// <summary>
/// The read side of the staff desk: counts computed by the storage engine (fast with 100,000 responses), paged lists,
/// and streams of whole responses for results and exports that never hold the table in memory.
/// </summary>
public interface IStaffReportStore
{
    /// <summary>Responses per survey, channel and status, with how many of them started in the last 7 and 30 days.</summary>
    Task<IReadOnlyList<SurveyCountRow>> CountResponsesAsync(DateTimeOffset last7Days, DateTimeOffset last30Days,
        CancellationToken cancellationToken);

    Task<int> CountAsync(ResponseQuery query, CancellationToken cancellationToken);

    /// <summary>A page of responses, newest first.</summary>
    Task<IReadOnlyList<SurveyResponse>> ListAsync(ResponseQuery query, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>Every matching response with its answers, oldest first, read as it is consumed.</summary>
    IAsyncEnumerable<ResponseWithAnswers> StreamAsync(ResponseQuery query, CancellationToken cancellationToken);

    /// <summary>Bot replies that answered from a knowledge entry (transcripts carrying a knowledge id).</summary>
    Task<int> CountKnowledgeAnswersAsync(CancellationToken cancellationToken);
}

/// <param name="From">Responses started at or after this instant.</param>
/// <param name="Before">Responses started before this instant.</param>
public sealed record ResponseQuery(
    string SurveyId,
    DateTimeOffset? From = null,
    DateTimeOffset? Before = null,
    string? Channel = null,
    CompletionFilter Completion = CompletionFilter.Any,
    string? Campaign = null);

public enum CompletionFilter
{
    Any,
    Completed,

    /// <summary>In progress or abandoned.</summary>
    NotCompleted,
}

public sealed record SurveyCountRow(string SurveyId, string Channel, ResponseStatus Status, int Count, int Last7Days, int Last30Days);
