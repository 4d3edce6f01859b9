namespace Assistant.Core.Knowledge;

/// <summary>
/// An entry that may answer a question: <see cref="Score"/> is the calibrated confidence (0..1), <see cref="Question"/>
/// the entry's sample question closest to what was asked (shown in "did you mean" buttons).
/// </summary>
public sealed record KnowledgeCandidate(string Id, double Score, string Question, double Coverage, double Relevance);
