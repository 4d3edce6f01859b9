namespace Assistant.Core.Knowledge;

/// <summary>
/// The answering policy: where the combined score splits answers, "did you mean" suggestions and the honest fallback.
/// Chosen by k-fold cross-validation over the sample questions and the out-of-scope samples, not by hand: the bench's
/// <c>knowledge-cv</c> command searches them and prints the values to put here.
/// </summary>
/// <param name="Answer">At or above (and clearly ahead of the second): answer with the top entry.</param>
/// <param name="Suggest">At or above, when not answering: "did you mean" with the closest entries.</param>
/// <param name="Sure">At or above: answer even when a second entry scores close.</param>
/// <param name="Margin">Below Sure, the top entry must lead the second by this much to be answered.</param>
/// <param name="OutOfScope">At or above this probability of "no entry answers it", the question falls back (below Sure).</param>
public sealed record KnowledgeThresholds(double Answer, double Suggest, double Sure, double Margin, double OutOfScope)
{
    public static readonly KnowledgeThresholds Default = new(Answer: 0.325, Suggest: 0.3, Sure: 0.9, Margin: 0.075, OutOfScope: 0.8);

    /// <summary>A follow-up of the previous answer counts this much more (the question is read in its context).</summary>
    public const double ContextBonus = 1.25;

    /// <summary>
    /// The band of a question the index scored, whose best entry (<paramref name="topId"/>) and the one after it score
    /// <paramref name="top"/> and <paramref name="second"/>: nothing to answer without words; never a confident answer with
    /// an entry that does not mention a place the question names ("Plovdiv's digital strategy"), only "did you mean".
    /// </summary>
    public MatchBand Band(KnowledgeScores scores, string? topId, double top, double second)
    {
        if (!scores.HasTerms)
        {
            return MatchBand.Fallback;
        }

        var band = Band(top, second, scores.OutOfScope);
        return band == MatchBand.Answer && topId is not null && scores.IsElsewhere(topId) ? MatchBand.Suggest : band;
    }

    /// <summary>The band of a question whose best two entries score <paramref name="top"/> and <paramref name="second"/>.</summary>
    public MatchBand Band(double top, double second, double outOfScope)
    {
        if (top >= Sure)
        {
            return MatchBand.Answer;
        }

        if (outOfScope >= OutOfScope)
        {
            return MatchBand.Fallback;
        }

        if (top >= Answer && top - second >= Margin)
        {
            return MatchBand.Answer;
        }

        return top >= Suggest ? MatchBand.Suggest : MatchBand.Fallback;
    }
}
