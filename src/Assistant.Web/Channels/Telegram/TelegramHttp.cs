using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Owns the HttpClient of the Bot API client: its timeout outlasts a long poll, pooled connections are renewed every few
/// minutes, and no HTTP logging is attached (request URLs carry the bot token).
/// </summary>
public sealed class TelegramHttp : IDisposable
{
    private readonly HttpClient _http;

    public TelegramHttp(IOptions<TelegramOptions> options)
    {
        var o = options.Value;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(o.PollingTimeoutSeconds + 15),
        };
        var clientOptions = new TelegramBotClientOptions(o.Token.Trim(), string.IsNullOrWhiteSpace(o.ApiBaseUrl) ? null : o.ApiBaseUrl.Trim())
        {
            // Our own sender honours retry_after, per chat and in order; the library must not retry behind its back.
            RetryCount = 0,
        };
        Bot = new TelegramBotClient(clientOptions, _http);
    }

    public ITelegramBotClient Bot { get; }

    public void Dispose() => _http.Dispose();
}
