namespace Assistant.Core.Knowledge;

/// <summary>
/// The knobs of matching, chosen on the evaluation set (the bench prints what each choice gives).
/// </summary>
/// <param name="Stemming">How Bulgarian words are reduced.</param>
/// <param name="AnswerBoost">Weight of the answer text against the sample questions in the Lucene query.</param>
/// <param name="FuzzyBoost">Weight of one-typo matches of sample-question words in the Lucene query.</param>
/// <param name="FuzzyCredit">Share of a word's weight credited to an entry whose sample questions have it with one typo.</param>
/// <param name="AnswerOnlyCredit">Share credited when only the entry's answer, not a sample question, has the word.</param>
/// <param name="InformationNeeded">Matched weight (sum of idf) at which a question says enough; below it the score shrinks.</param>
/// <param name="RelevanceExponent">How much the BM25 ranking (relative to the best entry) shapes the score.</param>
public sealed record KnowledgeIndexOptions(
    BulgarianStemming Stemming,
    double AnswerBoost,
    double FuzzyBoost,
    double FuzzyCredit,
    double AnswerOnlyCredit,
    double InformationNeeded,
    double RelevanceExponent)
{
    public static readonly KnowledgeIndexOptions Default = new(BulgarianStemming.LightTrimmed, 1.0, 0.6, 0.6, 0.6, 2.5, 1.0);
}
