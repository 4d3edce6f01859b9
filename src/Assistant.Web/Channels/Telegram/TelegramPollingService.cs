using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Long polling (the default mode): removes any webhook, then asks <c>getUpdates</c> for what is new, waiting up to
/// <see cref="TelegramOptions.PollingTimeoutSeconds"/> per call. An update is confirmed to Telegram (the next offset) only
/// after it was claimed, so nothing received is lost; errors back off from 1 to 30 seconds. Stops with the host.
/// </summary>
public sealed class TelegramPollingService(
    ITelegramBotClient bot,
    TelegramBotProfile profile,
    TelegramUpdateRouter router,
    IOptions<TelegramOptions> options,
    ILogger<TelegramPollingService> logger) : BackgroundService
{
    public const int BatchSize = 100;
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
                return await call(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
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
