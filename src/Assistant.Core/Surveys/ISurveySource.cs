namespace Assistant.Core.Surveys;

/// <summary>The survey definitions in force now; a reload swaps them as a whole.</summary>
public interface ISurveySource
{
    SurveyCatalog Current { get; }
}

public sealed class FixedSurveySource(SurveyCatalog catalog) : ISurveySource
{
    public SurveyCatalog Current { get; } = catalog;
}
