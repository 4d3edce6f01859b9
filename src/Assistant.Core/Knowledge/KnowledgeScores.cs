namespace Assistant.Core.Knowledge;

/// <summary>What the index made of a question before any policy: its candidates (best first) and more.</summary>
/// <param name="OutOfScope">The classifier's probability that no entry answers the question.</param>
/// <param name="AliasId">The entry one of whose aliases is the whole question ("What is ICC?"), if any.</param>
/// <param name="HasTerms">False when the question has no words at all (only digits or signs).</param>
public sealed record KnowledgeScores(IReadOnlyList<KnowledgeCandidate> Candidates, double OutOfScope, string? AliasId, bool HasTerms)
{
    /// <summary>
    /// The candidates whose entry never mentions a place the question names (a city or country of the lexicon's places):
    /// they may be offered as "did you mean", never answered. Null when the question names no such place.
    /// </summary>
    public IReadOnlySet<string>? ElsewhereIds { get; init; }

    /// <summary>Whether the question names a place the entry never mentions.</summary>
    public bool IsElsewhere(string entryId) => ElsewhereIds is { } ids && ids.Contains(entryId);
}
