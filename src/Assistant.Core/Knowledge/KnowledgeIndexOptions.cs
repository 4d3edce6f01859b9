namespace Assistant.Core.Knowledge;

/// <summary>
/// The knobs of matching. The lexical ones were chosen on the development part of the evaluation set; the classifier's
/// weight by cross-validation over the sample questions (the bench's <c>knowledge-cv</c> prints what each choice gives).
/// </summary>
/// <param name="Stemming">How Bulgarian words are reduced.</param>
/// <param name="AnswerBoost">Weight of the answer text against the sample questions in the Lucene query.</param>
/// <param name="FuzzyBoost">Weight of one-typo matches of sample-question words in the Lucene query.</param>
/// <param name="FuzzyCredit">Share of a word's weight credited to an entry whose sample questions have it with one typo.</param>
/// <param name="AnswerOnlyCredit">Share credited when only the entry's answer, not a sample question, has the word.</param>
/// <param name="InformationNeeded">Matched weight (sum of idf) at which a question says enough; below it the score shrinks.</param>
/// <param name="RelevanceExponent">How much the BM25 ranking (relative to the best entry) shapes the lexical score.</param>
/// <param name="ClassifierWeight">Share of the classifier's probability in the combined score (the rest is lexical).</param>
/// <param name="TermWeight">How much an entry's key term counts as a training example, against 1 for a sample question.</param>
/// <param name="OutOfScopeWeight">How much an out-of-scope sample counts: they are few against the many in-scope ones.</param>
/// <param name="CorrectSpelling">Whether a question's unknown words one typo from a known one are read as that word.</param>
/// <param name="AnswerSentenceWeight">How much each sentence of an entry's answer counts as a training example of the entry
/// (it teaches the classifier the facts an answer states; 0 leaves answers to the lexical search alone).</param>
public sealed record KnowledgeIndexOptions(
    BulgarianStemming Stemming,
    double AnswerBoost,
    double FuzzyBoost,
    double FuzzyCredit,
    double AnswerOnlyCredit,
    double InformationNeeded,
    double RelevanceExponent,
    double ClassifierWeight = 0.7,
    double TermWeight = 0.5,
    double OutOfScopeWeight = 6.0,
    bool CorrectSpelling = true,
    double AnswerSentenceWeight = 0.3)
{
    public static readonly KnowledgeIndexOptions Default = new(BulgarianStemming.LightTrimmed, 1.0, 0.6, 0.6, 0.6, 2.5, 1.0);

    public IntentClassifier.Options Classifier { get; init; } = IntentClassifier.Options.Default;
}
