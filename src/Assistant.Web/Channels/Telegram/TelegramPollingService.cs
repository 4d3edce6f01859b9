using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Long polling (the default mode): removes any webhook, then asks <c>getUpdates</c> for what is new, waiting up to
/// <see cref="TelegramOptions.PollingTimeoutSeconds"/> per call. An update is confirmed to Telegram (the next offset) only
/// after it was claimed, so nothing received is lost; errors back off from 1 to 30 seconds. Stops with the host.
/// Each call that succeeds is a heartbeat (<see cref="LastSuccess"/>), which readiness reads to report a stalled poller.
/// </summary>
public sealed class TelegramPollingService(
    ITelegramBotClient bot,
    TelegramBotProfile profile,
    TelegramUpdateRouter router,
    IOptions<TelegramOptions> options,
    TimeProvider clock,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    public const int BatchSize = 100;
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);

    private long _lastSuccessTicks = clock.GetUtcNow().UtcTicks;
    private int _consecutiveFailures;

    /// <summary>When a Bot API call (or the claim of an update) last succeeded; the start of the service before that.</summary>
    public DateTimeOffset LastSuccess => new(Interlocked.Read(ref _lastSuccessTicks), TimeSpan.Zero);

    /// <summary>Calls that failed in a row since the last success.</summary>
    public int ConsecutiveFailures => Volatile.Read(ref _consecutiveFailures);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Interlocked.Exchange(ref _lastSuccessTicks, clock.GetUtcNow().UtcTicks);
        try
        {
            await profile.WaitReadyAsync(stoppingToken);
            await WithBackOffAsync(async ct =>
            {
                await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: ct);
                return true;
            }, "deleteWebhook", stoppingToken);

            int? offset = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                var updates = await WithBackOffAsync(ct => bot.GetUpdates(offset, BatchSize, options.Value.PollingTimeoutSeconds,
                    TelegramUpdates.Allowed, ct), "getUpdates", stoppingToken);
                foreach (var update in updates)
                {
                    await WithBackOffAsync(ct => router.AcceptAsync(update, ct), "claiming an update", stoppingToken);
                    offset = update.Id + 1;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        logger.LogInformation("Telegram polling stopped");
    }

    private async Task<T> WithBackOffAsync<T>(Func<CancellationToken, Task<T>> call, string what, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                var result = await call(stoppingToken);
                Interlocked.Exchange(ref _lastSuccessTicks, clock.GetUtcNow().UtcTicks);
                Volatile.Write(ref _consecutiveFailures, 0);
                return result;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _consecutiveFailures);
                if (e is ApiRequestException { ErrorCode: 409 })
                {
                    logger.LogWarning("Telegram says another poller or a webhook is active ({Error}); retrying in {Delay}", e.Message, delay);
                }
                else
                {
                    logger.LogWarning(e, "Telegram polling: {What} failed; retrying in {Delay}", what, delay);
                }

                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackOff.Ticks));
            }
        }
    }
}
