using Microsoft.Extensions.Options;

namespace Assistant.Web.Privacy;

/// <summary>
/// At start-up and then every few hours: purges conversation texts older than <see cref="RetentionOptions.ConversationDays"/>,
/// and deletes the answers of every survey past its own retention date (<c>retainUntil</c>, the date its consent notice
/// gives).
/// </summary>
public sealed class RetentionService(IPrivacyStore store, ISurveySource surveys, IOptions<RetentionOptions> options,
    TimeProvider clock, ILogger<RetentionService> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now.AddDays(-options.Value.ConversationDays);
        var purged = await store.PurgeOlderThanAsync(cutoff, cancellationToken);
        logger.LogInformation("Retention: purged {Count} conversation records older than {Cutoff:yyyy-MM-dd}", purged, cutoff);
        foreach (var survey in surveys.Current.All.Where(s => s.IsPastRetention(now)))
        {
            var deleted = await store.PurgeSurveyAsync(survey.Id, cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Retention: deleted {Count} answers, responses and consents of survey {SurveyId}, kept until {RetainUntil:yyyy-MM-dd}",
                    deleted, survey.Id, survey.RetainUntil);
            }

            purged += deleted;
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention purge failed; it runs again at the next interval");
            }

            try
            {
                await Task.Delay(TimeSpan.FromHours(Math.Max(1, options.Value.IntervalHours)), clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
