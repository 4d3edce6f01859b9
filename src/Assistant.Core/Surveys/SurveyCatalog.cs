namespace Assistant.Core.Surveys;

/// <summary>All survey definitions of <c>dialogs/surveys/</c>.</summary>
public sealed class SurveyCatalog(IReadOnlyList<SurveyDefinition> surveys)
{
    private readonly Dictionary<string, SurveyDefinition> _byId = surveys.ToDictionary(s => s.Id, StringComparer.Ordinal);

    public IReadOnlyList<SurveyDefinition> All { get; } = surveys;

    public SurveyDefinition? Find(string id) => _byId.GetValueOrDefault(id);

    public IReadOnlyList<SurveyDefinition> Open(DateTimeOffset now) => All.Where(s => s.IsOpen(now)).ToList();
}
