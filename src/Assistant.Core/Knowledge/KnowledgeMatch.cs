namespace Assistant.Core.Knowledge;

public enum MatchBand
{
    /// <summary>Confident: answer with the top entry.</summary>
    Answer,

    /// <summary>Unsure: ask "did you mean…" with the top candidates.</summary>
    Suggest,

    /// <summary>No entry explains the question: say so honestly and record it for staff.</summary>
    Fallback,
}

/// <summary>What the matcher made of a question: the language it is in, its candidates (best first) and the band.</summary>
public sealed record KnowledgeMatch(string Language, IReadOnlyList<KnowledgeCandidate> Candidates, MatchBand Band)
{
    public KnowledgeCandidate? Top => Candidates.Count > 0 ? Candidates[0] : null;

    /// <summary>The classifier's probability that no entry answers the question.</summary>
    public double OutOfScope { get; init; }
}
