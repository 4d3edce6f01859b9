namespace Assistant.Web.Content;

/// <summary>The survey definitions of <c>dialogs/surveys/</c>, reloaded when their files change.</summary>
public sealed class ReloadingSurveySource(string dialogsFolder, bool watch, ILogger<ReloadingSurveySource> logger)
    : ISurveySource, IDisposable
{
    private readonly ReloadingContent<SurveyCatalog> _content = new("Surveys", Path.Combine(dialogsFolder, "surveys"),
        () => SurveyLoader.Load(dialogsFolder),
        c => string.Join(", ", c.All.Select(s => $"{s.Id} v{s.Version} ({s.Hash})")), watch, logger);

    public SurveyCatalog Current => _content.Current;

    public bool Reload() => _content.Reload();

    public void Dispose() => _content.Dispose();
}
