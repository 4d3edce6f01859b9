namespace Assistant.Web.Admin.Stores;

/// <summary>
/// What staff decided about the questions of <see cref="IUnansweredStore"/>: out of scope, or assigned to a knowledge
/// entry (a suggested new sample question until it has been added to <c>dialogs/knowledge/</c>).
/// </summary>
public interface IUnansweredReviewStore
{
    /// <summary>Records (or replaces) the decision about one question.</summary>
    Task ResolveAsync(UnansweredResolution resolution, CancellationToken cancellationToken);

    /// <summary>Puts the question back in the queue; false when it had no decision.</summary>
    Task<bool> ReopenAsync(Guid questionId, CancellationToken cancellationToken);

    /// <summary>Questions with their decision, newest first.</summary>
    Task<IReadOnlyList<ReviewedQuestion>> ListAsync(UnansweredQueueFilter filter, int offset, int limit,
        CancellationToken cancellationToken);

    Task<UnansweredCounts> CountAsync(CancellationToken cancellationToken);

    /// <summary>Assigned questions not yet marked as added to the content, oldest decision first.</summary>
    Task<IReadOnlyList<ReviewedQuestion>> ListSuggestionsAsync(CancellationToken cancellationToken);

    /// <summary>Marks suggestions as added to the knowledge base; they leave the suggestion export.</summary>
    Task<int> MarkAddedAsync(IReadOnlyList<Guid> questionIds, DateTimeOffset at, CancellationToken cancellationToken);
}

public enum UnansweredQueueFilter
{
    Waiting,
    OutOfScope,
    Assigned,
    All,
}

public enum UnansweredOutcome
{
    OutOfScope,
    Assigned,
}

/// <param name="EntryId">The knowledge entry the question belongs to (assigned only).</param>
/// <param name="AddedAt">When staff marked the suggestion as added to <c>dialogs/knowledge/</c>.</param>
public sealed record UnansweredResolution(
    Guid QuestionId,
    UnansweredOutcome Outcome,
    string? EntryId,
    string ResolvedBy,
    DateTimeOffset ResolvedAt,
    DateTimeOffset? AddedAt = null);

public sealed record ReviewedQuestion(UnansweredQuestion Question, UnansweredResolution? Resolution);

public sealed record UnansweredCounts(int Total, int Waiting, int OutOfScope, int Assigned);
