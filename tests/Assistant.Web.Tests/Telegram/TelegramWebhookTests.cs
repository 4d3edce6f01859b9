using System.Diagnostics;
using System.Net;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramWebhookTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_start_up_webhook_mode_sets_the_webhook_with_its_secret_allowed_updates_and_max_connections()
    {
        await using var telegram = TelegramTestServer.Start(webhook: true);

        var setWebhook = await telegram.Api.WaitForCallAsync(c => c.Method == "setWebhook", Ct);

        Assert.Equal("https://assistant.example.org/api/telegram/webhook", (string?)setWebhook.Body["url"]);
        Assert.Equal(TelegramTestServer.Secret, (string?)setWebhook.Body["secret_token"]);
        Assert.Equal(40, (int?)setWebhook.Body["max_connections"]);
        Assert.Equal(["message", "edited_message", "callback_query", "my_chat_member"],
            setWebhook.Body["allowed_updates"]!.AsArray().Select(u => (string)u!));
        Assert.Empty(telegram.Api.CallsTo("getUpdates"));
        Assert.Empty(telegram.Api.CallsTo("deleteWebhook"));
    }

    [Fact]
    public async Task An_update_posted_with_the_secret_is_answered_through_the_bot_api()
    {
        await using var telegram = TelegramTestServer.Start(webhook: true);
        const long chat = 3001;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Какво е Intelligent Cities Challenge?"), Ct);

        Assert.StartsWith("<b>Intelligent Cities Challenge (ICC)</b> е инициатива", telegram.TextsTo(chat)[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    [InlineData(TelegramTestServer.Secret + "x")]
    public async Task Without_the_right_secret_the_webhook_answers_401_and_never_reads_the_body(string? secret)
    {
        await using var telegram = TelegramTestServer.Start(webhook: true);
        const long chat = 3002;

        // Not even JSON: had the body been parsed, the answer would be 400.
        var garbage = await telegram.PostWebhookAsync("{ this is not json", secret, Ct);
        var update = await telegram.PostWebhookAsync(BotApiUpdates.Text(chat, chat, "помощ").ToJsonString(), secret, Ct);
        await telegram.Router.WaitIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, update.StatusCode);
        Assert.Empty(telegram.TextsTo(chat));
    }

    [Fact]
    public async Task With_the_right_secret_a_body_that_is_not_an_update_is_a_bad_request()
    {
        await using var telegram = TelegramTestServer.Start(webhook: true);

        var response = await telegram.PostWebhookAsync("{ this is not json", TelegramTestServer.Secret, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_same_update_delivered_three_times_has_one_effect()
    {
        await using var telegram = TelegramTestServer.Start(webhook: true);
        const long chat = 3003;
        var update = BotApiUpdates.Text(chat, chat, "помощ");

        for (var i = 0; i < 3; i++)
        {
            await telegram.DeliverAsync(update, Ct);
        }

        Assert.Single(telegram.TextsTo(chat), t => t.StartsWith("Ето как да разговаряте с мен", StringComparison.Ordinal));
        Assert.Equal(2, telegram.TextsTo(chat).Count);
    }

    [Fact]
    public async Task The_webhook_answers_at_once_and_the_reply_follows_in_the_background()
    {
        // The first reply meets a 429 with retry_after 2: the webhook must not wait for it.
        await using var telegram = TelegramTestServer.Start(webhook: true,
            arrange: api => api.FailCall("sendMessage", 1, 429, "Too Many Requests: retry after 2", retryAfter: 2));
        const long chat = 3004;

        var clock = Stopwatch.StartNew();
        var response = await telegram.PostWebhookAsync(BotApiUpdates.Text(chat, chat, "помощ").ToJsonString(), TelegramTestServer.Secret, Ct);
        var answeredIn = clock.Elapsed;
        await telegram.Router.WaitIdleAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(answeredIn < TimeSpan.FromSeconds(1.5), $"the webhook took {answeredIn}");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), "the reply waited for retry_after");
        Assert.Equal(2, telegram.TextsTo(chat).Count);
    }

    [Fact]
    public async Task In_polling_mode_there_is_no_webhook_endpoint()
    {
        await using var telegram = TelegramTestServer.Start();

        var response = await telegram.PostWebhookAsync(BotApiUpdates.Text(3005, 3005, "помощ").ToJsonString(), "anything", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Without_a_token_the_channel_is_off_and_the_rest_of_the_server_works()
    {
        await using var server = AssistantServer.Start(settings: new() { ["Storage:Provider"] = "memory", ["Telegram:Token"] = "" });
        using var http = server.NewClient();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/telegram/webhook", null, Ct)).StatusCode);
    }
}
