using Microsoft.Extensions.Options;

namespace Assistant.Web.Privacy;

/// <summary>
/// Purges conversation texts older than <see cref="RetentionOptions.ConversationDays"/>, at start-up and then every few
/// hours. Survey answers are not touched here: they stay until the survey's own retention (its consent notice says when).
/// </summary>
public sealed class RetentionService(IPrivacyStore store, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<RetentionService> logger) : BackgroundService
{
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.Value.ConversationDays);
        var purged = await store.PurgeOlderThanAsync(cutoff, cancellationToken);
        logger.LogInformation("Retention: purged {Count} conversation records older than {Cutoff:yyyy-MM-dd}", purged, cutoff);
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
