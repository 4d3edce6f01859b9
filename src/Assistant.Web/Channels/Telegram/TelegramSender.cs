using Assistant.Web.Hosting;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Every call the channel makes to the Bot API for a chat. Messages and edits are paced (<see cref="TelegramPacing"/>);
/// a 429 waits <c>retry_after</c> and tries again; network errors and 5xx are retried with back-off; 403 (blocked) and
/// other 4xx are reported, not retried. Callback answers and chat actions skip the queue: they must be immediate.
/// </summary>
public sealed class TelegramSender(ITelegramBotClient bot, TelegramPacing pacing, ServerMetrics metrics, ILogger<TelegramSender> logger)
{
    public const int MaxAttempts = 5;
    public const int MaxFloodWaits = 5;
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan FirstBackOff = TimeSpan.FromMilliseconds(500);

    private const string NotModified = "message is not modified";

    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    public async Task<TelegramSendResult> SendMessageAsync(long chatId, string html, InlineKeyboardMarkup? keyboard,
        CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(chatId, "sendMessage", paced: true, async token =>
            (await bot.SendMessage(chatId, html, ParseMode.Html, replyMarkup: keyboard, linkPreviewOptions: NoPreview,
                cancellationToken: token)).Id, cancellationToken);
        if (IsMarkupRefused(result))
        {
            logger.LogWarning("Telegram refused the HTML of a message to chat {ChatId} ({Error}); sending it as plain text", chatId, result.Error);
            result = await ExecuteAsync(chatId, "sendMessage", paced: true, async token =>
                (await bot.SendMessage(chatId, TelegramHtml.ToPlainText(html), replyMarkup: keyboard, linkPreviewOptions: NoPreview,
                    cancellationToken: token)).Id, cancellationToken);
        }

        return result;
    }

    public async Task<TelegramSendResult> EditMessageTextAsync(long chatId, int messageId, string html, InlineKeyboardMarkup? keyboard,
        CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(chatId, "editMessageText", paced: true, async token =>
            (await bot.EditMessageText(chatId, messageId, html, ParseMode.Html, replyMarkup: keyboard, linkPreviewOptions: NoPreview,
                cancellationToken: token)).Id, cancellationToken);
        // Telegram refuses an edit that changes nothing; the message already shows what it should.
        return IsNotModified(result) ? new TelegramSendResult(TelegramSendStatus.Sent, messageId) : result;
    }

    /// <summary>Takes the inline keyboard off a message (the answered question).</summary>
    public Task<TelegramSendResult> RemoveKeyboardAsync(long chatId, int messageId, CancellationToken cancellationToken) =>
        ExecuteAsync(chatId, "editMessageReplyMarkup", paced: true, async token =>
            (await bot.EditMessageReplyMarkup(chatId, messageId, replyMarkup: null, cancellationToken: token)).Id, cancellationToken);

    /// <summary>Stops the spinner on the pressed button, optionally with a short notice. One quick attempt: it must be immediate.</summary>
    public async Task AnswerCallbackAsync(string callbackQueryId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            await bot.AnswerCallbackQuery(callbackQueryId, text, cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is RequestException or HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not answer Telegram callback query {CallbackQueryId}: {Error}", callbackQueryId, e.Message);
        }
    }

    /// <summary>"typing…" in the chat for up to five seconds; best effort.</summary>
    public async Task SendTypingAsync(long chatId, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(RequestTimeout);
            await bot.SendChatAction(chatId, ChatAction.Typing, cancellationToken: timeout.Token);
        }
        catch (Exception e) when (e is RequestException or HttpRequestException || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug("Could not show typing in Telegram chat {ChatId}: {Error}", chatId, e.Message);
        }
    }

    private async Task<TelegramSendResult> ExecuteAsync(long chatId, string method, bool paced, Func<CancellationToken, Task<int>> call,
        CancellationToken cancellationToken)
    {
        var failures = 0;
        var floodWaits = 0;
        while (true)
        {
            if (paced)
            {
                await pacing.WaitAsync(chatId, cancellationToken);
            }

            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(RequestTimeout);
                return new TelegramSendResult(TelegramSendStatus.Sent, await call(timeout.Token));
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429)
            {
                metrics.TelegramError("rate_limited");
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                if (++floodWaits > MaxFloodWaits)
                {
                    logger.LogError("Telegram kept refusing {Method} to chat {ChatId} with 429; giving up on this message", method, chatId);
                    return new TelegramSendResult(TelegramSendStatus.Failed, Error: e.Message);
                }

                logger.LogWarning("Telegram asked to slow down ({Method} to chat {ChatId}): waiting {Seconds} s as retry_after says",
                    method, chatId, wait.TotalSeconds);
                await Task.Delay(wait, cancellationToken);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                metrics.TelegramError("blocked");
                logger.LogInformation("Telegram chat {ChatId} cannot be written to ({Error}); not retrying", chatId, e.Message);
                return new TelegramSendResult(TelegramSendStatus.Blocked, Error: e.Message);
            }
            catch (ApiRequestException e) when (e.ErrorCode is >= 400 and < 500)
            {
                if (!e.Message.Contains(NotModified, StringComparison.OrdinalIgnoreCase))
                {
                    metrics.TelegramError("refused");
                    logger.LogWarning("Telegram refused {Method} to chat {ChatId}: {ErrorCode} {Error}", method, chatId, e.ErrorCode, e.Message);
                }

                return new TelegramSendResult(TelegramSendStatus.Failed, Error: e.Message);
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                metrics.TelegramError(e is ApiRequestException ? "server" : "network");
                if (++failures >= MaxAttempts)
                {
                    logger.LogError("{Method} to Telegram chat {ChatId} failed {Attempts} times ({Error}); giving up on this message",
                        method, chatId, failures, e.Message);
                    return new TelegramSendResult(TelegramSendStatus.Failed, Error: e.Message);
                }

                var delay = FirstBackOff * Math.Pow(2, failures - 1);
                logger.LogWarning("{Method} to Telegram chat {ChatId} failed ({Error}); retrying in {DelayMs} ms",
                    method, chatId, e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception e, CancellationToken cancellationToken) =>
        e is RequestException or HttpRequestException
        || e is OperationCanceledException && !cancellationToken.IsCancellationRequested;

    private static bool IsNotModified(TelegramSendResult result) =>
        result.Status == TelegramSendStatus.Failed && result.Error?.Contains(NotModified, StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsMarkupRefused(TelegramSendResult result) =>
        result.Status == TelegramSendStatus.Failed && result.Error?.Contains("can't parse entities", StringComparison.OrdinalIgnoreCase) == true;
}
