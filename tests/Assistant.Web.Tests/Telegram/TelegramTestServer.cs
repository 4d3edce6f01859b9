using System.Net;
using System.Text.Json.Nodes;
using System.Text;
using Assistant.Web.Channels.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telegram;

/// <summary>
/// The real server with its Telegram channel pointed at a <see cref="FakeBotApi"/> (Telegram:ApiBaseUrl), in polling or
/// webhook mode. <see cref="DeliverAsync"/> hands an update over the way Telegram would and returns once it was handled.
/// </summary>
public sealed class TelegramTestServer : IAsyncDisposable
{
    public const string Secret = "test_webhook-secret_0123456789";


    private readonly bool _ownsApi;

    private TelegramTestServer(FakeBotApi api, AssistantServer server, bool webhook, bool ownsApi)
    {
        Api = api;
        Server = server;
        IsWebhook = webhook;
        _ownsApi = ownsApi;
    }

    public FakeBotApi Api { get; }

    public AssistantServer Server { get; }

    public bool IsWebhook { get; }

    public TelegramUpdateRouter Router => Server.Services.GetRequiredService<TelegramUpdateRouter>();

    /// <summary>Starts a fake Bot API and the server; pacing is fast unless <paramref name="settings"/> say otherwise.</summary>
    /// <param name="arrange">Prepares the fake before the server makes its first call (e.g. failures to inject).</param>
    /// <param name="databasePath">The SQLite file of an earlier server, to restart on its data.</param>
    /// <param name="api">The fake of an earlier server, kept across a restart (then not disposed with this server).</param>
    /// <param name="services">Registrations that replace the server's own (e.g. a store that fails).</param>
    public static TelegramTestServer Start(bool webhook = false, Dictionary<string, string?>? settings = null,
        Action<FakeBotApi>? arrange = null, string? databasePath = null, FakeBotApi? api = null,
        Action<IServiceCollection>? services = null)
    {
        var ownsApi = api is null;
        api ??= new FakeBotApi();
        arrange?.Invoke(api);
        var all = new Dictionary<string, string?>
        {
            ["Telegram:Token"] = FakeBotApi.Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Telegram:Mode"] = webhook ? "webhook" : "polling",
            ["Telegram:WebhookUrl"] = webhook ? "https://assistant.example.org/api/telegram/webhook" : "",
            ["Telegram:SecretToken"] = webhook ? Secret : "",
            ["Telegram:PollingTimeoutSeconds"] = "2",
            ["Telegram:GlobalMessagesPerSecond"] = "1000",
            ["Telegram:ChatMessagesPerSecond"] = "1000",
            ["Telegram:ChatBurst"] = "100",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new TelegramTestServer(api, AssistantServer.Start(databasePath, settings: all, services: services), webhook, ownsApi);
    }

    /// <summary>Sends replies to a chat through the server's reply writer, as a turn does: chat document read once, saved once.</summary>
    public async Task WriteRepliesAsync(long chatId, IReadOnlyList<Activity> replies, int? pressedMessageId, CancellationToken cancellationToken)
    {
        var chats = Server.Services.GetRequiredService<TelegramChatStore>();
        var session = await chats.OpenAsync(chatId, cancellationToken);
        await Server.Services.GetRequiredService<TelegramReplyWriter>().DeliverAsync(session, replies, pressedMessageId, cancellationToken);
        await chats.SaveAsync(session, cancellationToken);
    }

    /// <summary>Gives the update to the server as Telegram would (getUpdates or the webhook) and waits until it was handled.</summary>
    public async Task DeliverAsync(JsonObject update, CancellationToken cancellationToken)
    {
        if (IsWebhook)
        {
            var response = await PostWebhookAsync(update.ToJsonString(), Secret, cancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Api.Enqueue(update);
            var updateId = (long)update["update_id"]!;
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (!Api.IsConfirmed(updateId))
            {
                Assert.True(DateTime.UtcNow < deadline, $"The server did not take update {updateId} from getUpdates.");
                await Task.Delay(20, cancellationToken);
            }
        }

        await Router.WaitIdleAsync(cancellationToken);
    }

    public async Task<HttpResponseMessage> PostWebhookAsync(string body, string? secret, CancellationToken cancellationToken)
    {
        using var http = Server.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, TelegramEndpoints.WebhookPath)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add(TelegramEndpoints.SecretHeader, secret);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>The texts (HTML as sent) of the messages that reached a chat, in order.</summary>
    public IReadOnlyList<string> TextsTo(long chatId) => Api.MessagesTo(chatId).Select(c => c.Text ?? "").ToList();

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_ownsApi)
        {
            await Api.DisposeAsync();
        }
    }
}
