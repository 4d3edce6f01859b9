using Assistant.Core.Surveys;

namespace Assistant.Web.Hosting;

/// <summary>Loads the knowledge base and the surveys when the host starts, so broken content fails the start, not a chat.</summary>
public sealed class ContentWarmupService(IKnowledgeSource knowledge, ISurveySource surveys, ILogger<ContentWarmupService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var matcher = knowledge.Current;
        var catalog = surveys.Current;
        logger.LogInformation("Content ready in {ElapsedMs} ms: knowledge version {Version} ({Entries} entries), surveys {Surveys}",
            (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, matcher.Knowledge.Version,
            matcher.Knowledge.Entries.Count, string.Join(", ", catalog.All.Select(s => s.Id)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
