namespace Assistant.Core.Knowledge;

/// <summary>
/// Where the calibrated score splits answers, "did you mean" suggestions and the honest fallback. Chosen on the
/// evaluation set (tests/Assistant.Core.Tests/Knowledge/knowledge-eval.tsv); the bench prints the rates they give.
/// </summary>
/// <param name="Answer">At or above: answer with the top entry.</param>
/// <param name="Suggest">At or above (and below Answer): "did you mean".</param>
/// <param name="Sure">At or above: answer even when a second entry scores close.</param>
/// <param name="Margin">Below Sure, a second entry within this margin turns the answer into "did you mean".</param>
public sealed record KnowledgeThresholds(double Answer, double Suggest, double Sure, double Margin)
{
    public static readonly KnowledgeThresholds Default = new(0.6, 0.4, 0.85, 0.05);

    /// <summary>A follow-up of the previous answer counts this much more (the question is read in its context).</summary>
    public const double ContextBonus = 1.25;
}
