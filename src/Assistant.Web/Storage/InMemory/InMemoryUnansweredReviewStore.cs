using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage.InMemory;

/// <summary>Decisions about unanswered questions, over the questions of any <see cref="IUnansweredStore"/>.</summary>
public sealed class InMemoryUnansweredReviewStore(IUnansweredStore questions) : IUnansweredReviewStore
{
    private readonly Dictionary<Guid, UnansweredResolution> _resolutions = [];
    private readonly Lock _lock = new();

    public Task ResolveAsync(UnansweredResolution resolution, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _resolutions[resolution.QuestionId] = resolution;
        }

        return Task.CompletedTask;
    }

    public Task<bool> ReopenAsync(Guid questionId, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult(_resolutions.Remove(questionId));
        }
    }

    public async Task<IReadOnlyList<ReviewedQuestion>> ListAsync(UnansweredQueueFilter filter, int offset, int limit,
        CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken))
            .Where(q => Matches(q, filter))
            .Skip(offset)
            .Take(limit)
            .ToList();

    public async Task<UnansweredCounts> CountAsync(CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken);
        return new UnansweredCounts(all.Count,
            all.Count(q => q.Resolution is null),
            all.Count(q => q.Resolution?.Outcome == UnansweredOutcome.OutOfScope),
            all.Count(q => q.Resolution?.Outcome == UnansweredOutcome.Assigned));
    }

    public async Task<IReadOnlyList<ReviewedQuestion>> ListSuggestionsAsync(CancellationToken cancellationToken) =>
        (await AllAsync(cancellationToken))
            .Where(q => q.Resolution is { Outcome: UnansweredOutcome.Assigned, AddedAt: null })
            .OrderBy(q => q.Resolution!.ResolvedAt)
            .ToList();

    public Task<int> MarkAddedAsync(IReadOnlyList<Guid> questionIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var marked = 0;
        lock (_lock)
        {
            foreach (var id in questionIds)
            {
                if (_resolutions.TryGetValue(id, out var resolution) && resolution is { Outcome: UnansweredOutcome.Assigned, AddedAt: null })
                {
                    _resolutions[id] = resolution with { AddedAt = at };
                    marked++;
                }
            }
        }

        return Task.FromResult(marked);
    }

    private async Task<List<ReviewedQuestion>> AllAsync(CancellationToken cancellationToken)
    {
        var all = await questions.ListAsync(int.MaxValue, cancellationToken);
        lock (_lock)
        {
            return all
                .OrderByDescending(q => q.AskedAt)
                .Select(q => new ReviewedQuestion(q, _resolutions.GetValueOrDefault(q.Id)))
                .ToList();
        }
    }

    private static bool Matches(ReviewedQuestion question, UnansweredQueueFilter filter) => filter switch
    {
        UnansweredQueueFilter.Waiting => question.Resolution is null,
        UnansweredQueueFilter.OutOfScope => question.Resolution?.Outcome == UnansweredOutcome.OutOfScope,
        UnansweredQueueFilter.Assigned => question.Resolution?.Outcome == UnansweredOutcome.Assigned,
        _ => true,
    };
}
