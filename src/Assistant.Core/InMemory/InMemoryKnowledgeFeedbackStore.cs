using Assistant.Core.Knowledge;

namespace Assistant.Core.InMemory;

public sealed class InMemoryKnowledgeFeedbackStore : IKnowledgeFeedbackStore
{
    private readonly Lock _lock = new();
    private readonly List<KnowledgeFeedback> _feedback = [];

    public Task AddAsync(KnowledgeFeedback feedback, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _feedback.Add(feedback);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<KnowledgeFeedbackCount>> CountAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            IReadOnlyList<KnowledgeFeedbackCount> counts = _feedback
                .GroupBy(f => (f.EntryId, f.ContentVersion))
                .Select(g => new KnowledgeFeedbackCount(g.Key.EntryId, g.Key.ContentVersion, g.Count(f => f.Helpful), g.Count(f => !f.Helpful)))
                .OrderBy(c => c.EntryId, StringComparer.Ordinal).ThenBy(c => c.ContentVersion, StringComparer.Ordinal)
                .ToList();
            return Task.FromResult(counts);
        }
    }
}
