namespace Assistant.Web.Channels.Telegram;

/// <summary>Says once, at start-up, that the Telegram channel is off because no token is configured.</summary>
public sealed class TelegramChannelOffNotice(ILogger<TelegramChannelOffNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Telegram channel off: Telegram:Token is empty");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
