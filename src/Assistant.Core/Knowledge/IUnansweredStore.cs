using Assistant.Core.Conversation;

namespace Assistant.Core.Knowledge;

/// <summary>Questions the assistant could not answer, kept for the staff desk.</summary>
public interface IUnansweredStore
{
    Task AddAsync(UnansweredQuestion question, CancellationToken cancellationToken);

    Task<IReadOnlyList<UnansweredQuestion>> ListAsync(int max, CancellationToken cancellationToken);
}

/// <param name="Candidates">The best entries the matcher found, with their scores, best first.</param>
/// <param name="ConversationKey">The conversation it was asked in, so erasing a participant reaches it too.</param>
public sealed record UnansweredQuestion(
    Guid Id,
    string Text,
    string Language,
    string Channel,
    DateTimeOffset AskedAt,
    IReadOnlyList<UnansweredCandidate> Candidates,
    string? ConversationKey = null);
