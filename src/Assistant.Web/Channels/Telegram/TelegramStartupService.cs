using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Introduces the channel to Telegram at start-up, retrying with back-off until Telegram answers: learns the bot's
/// username (<c>getMe</c>), sets the command menu in Bulgarian, English and the default (English), and in webhook mode
/// registers the webhook with its secret. Polling starts once the username is known.
/// </summary>
public sealed class TelegramStartupService(
    ITelegramBotClient bot,
    TelegramBotProfile profile,
    Func<TextCatalog> texts,
    IOptions<TelegramOptions> options,
    ILogger<TelegramStartupService> logger) : BackgroundService
{
    public static readonly string[] Commands = ["start", "help", "survey", "results", "lang", "mydata", "forget", "cancel"];
    public static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var me = await RetryAsync("getMe", ct => bot.GetMe(ct), stoppingToken);
            profile.SetMe(me);
            var o = options.Value;
            logger.LogInformation("Telegram channel on as @{Username} ({Mode})", me.Username, o.IsWebhook ? "webhook" : "long polling");

            foreach (var (language, textLanguage) in new[] { ((string?)null, Lang.En), (Lang.Bg, Lang.Bg), (Lang.En, Lang.En) })
            {
                var commands = Commands.Select(c => new BotCommand(c, texts().Get(textLanguage, "telegram.command." + c))).ToList();
                await RetryAsync("setMyCommands", async ct =>
                {
                    await bot.SetMyCommands(commands, languageCode: language, cancellationToken: ct);
                    return true;
                }, stoppingToken);
            }

            if (o.IsWebhook)
            {
                await RetryAsync("setWebhook", async ct =>
                {
                    await bot.SetWebhook(o.WebhookUrl, maxConnections: o.MaxConnections, allowedUpdates: TelegramUpdates.Allowed,
                        secretToken: o.SecretToken, cancellationToken: ct);
                    return true;
                }, stoppingToken);
                logger.LogInformation("Telegram webhook set to {WebhookUrl}", o.WebhookUrl);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task<T> RetryAsync<T>(string method, Func<CancellationToken, Task<T>> call, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (true)
        {
            try
            {
                return await call(stoppingToken);
            }
            catch (Exception e) when (e is RequestException or HttpRequestException
                || e is OperationCanceledException && !stoppingToken.IsCancellationRequested)
            {
                if (e is ApiRequestException { ErrorCode: 401 or 404 })
                {
                    logger.LogError("Telegram refused {Method}: {Error}. Check Telegram:Token (and Telegram:ApiBaseUrl); retrying in {Delay}",
                        method, e.Message, delay);
                }
                else
                {
                    logger.LogWarning("Telegram {Method} failed ({Error}); retrying in {Delay}", method, e.Message, delay);
                }

                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackOff.Ticks));
            }
        }
    }
}
