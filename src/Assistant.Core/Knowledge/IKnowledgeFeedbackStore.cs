namespace Assistant.Core.Knowledge;

/// <summary>
/// "Was this helpful?" taps on knowledge answers, counted per entry for the staff desk. Holds no personal data: no
/// conversation, no participant, no text; the question of a 👎 goes to <see cref="IUnansweredStore"/> instead.
/// </summary>
public interface IKnowledgeFeedbackStore
{
    Task AddAsync(KnowledgeFeedback feedback, CancellationToken cancellationToken);

    /// <summary>Per entry and content version: how many found the answer helpful and how many did not.</summary>
    Task<IReadOnlyList<KnowledgeFeedbackCount>> CountAsync(CancellationToken cancellationToken);
}

/// <param name="ContentVersion">The knowledge content version that gave the answer.</param>
public sealed record KnowledgeFeedback(Guid Id, string EntryId, string ContentVersion, bool Helpful, string Language, string Channel,
    DateTimeOffset At);

public sealed record KnowledgeFeedbackCount(string EntryId, string ContentVersion, int Helpful, int NotHelpful);
