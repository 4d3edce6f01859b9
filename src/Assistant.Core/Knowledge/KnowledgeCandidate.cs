namespace Assistant.Core.Knowledge;

/// <summary>
/// An entry that may answer a question: <see cref="Score"/> is the combined confidence (0..1), <see cref="Question"/>
/// the entry's sample question closest to what was asked.
/// </summary>
/// <param name="Coverage">How much of the question's information the entry's words explain (lexical).</param>
/// <param name="Relevance">The entry's BM25 score relative to the best entry's.</param>
/// <param name="Lexical">The lexical confidence (coverage and relevance together, 0..1).</param>
/// <param name="Probability">The classifier's probability for the entry.</param>
/// <param name="Damping">What the combined score was multiplied by (0.5 for small talk in a message that is not all small talk).</param>
public sealed record KnowledgeCandidate(string Id, double Score, string Question, double Coverage, double Relevance,
    double Lexical = 0, double Probability = 0, double Damping = 1);
