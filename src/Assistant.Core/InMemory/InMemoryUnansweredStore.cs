using Assistant.Core.Knowledge;

namespace Assistant.Core.InMemory;

public sealed class InMemoryUnansweredStore : IUnansweredStore
{
    private readonly List<UnansweredQuestion> _items = [];
    private readonly Lock _lock = new();

    public Task AddAsync(UnansweredQuestion question, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _items.Add(question);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<UnansweredQuestion>> ListAsync(int max, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<UnansweredQuestion>>(_items.AsEnumerable().Reverse().Take(max).ToList());
        }
    }

    public int RemoveConversation(string conversationKey)
    {
        lock (_lock)
        {
            return _items.RemoveAll(q => q.ConversationKey == conversationKey);
        }
    }

    public int RemoveOlderThan(DateTimeOffset cutoff)
    {
        lock (_lock)
        {
            return _items.RemoveAll(q => q.AskedAt < cutoff);
        }
    }
}
