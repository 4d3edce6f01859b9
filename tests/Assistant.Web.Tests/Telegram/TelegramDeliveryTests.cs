using Assistant.Web.Channels.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramDeliveryTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task User_text_quoted_back_reaches_telegram_escaped_so_a_tag_stays_literal()
    {
        await using var telegram = TelegramTestServer.Start();

        await telegram.WriteRepliesAsync(6001,
        [
            new Activity { Text = "Вие написахте: <b>здравей</b> & <i>", TextFormat = "plain" },
            new Activity { Text = "Отговорът Ви „**<b>да</b>**“ е записан.", TextFormat = "markdown" },
        ], null, Ct);

        Assert.Equal(
        [
            "Вие написахте: &lt;b&gt;здравей&lt;/b&gt; &amp; &lt;i&gt;",
            "Отговорът Ви „<b>&lt;b&gt;да&lt;/b&gt;</b>“ е записан.",
        ], telegram.TextsTo(6001));
    }

    [Fact]
    public async Task A_reply_longer_than_a_telegram_message_arrives_as_several_messages_in_order()
    {
        await using var telegram = TelegramTestServer.Start();
        var paragraphs = Enumerable.Range(1, 12).Select(i => $"Параграф {i}: " + new string('я', 900)).ToList();

        await telegram.WriteRepliesAsync(6002, [new Activity { Text = string.Join("\n\n", paragraphs), TextFormat = "markdown" }], null, Ct);

        var texts = telegram.TextsTo(6002);
        Assert.True(texts.Count >= 3);
        Assert.All(texts, t => Assert.True(t.Length <= 4096));
        Assert.Equal(string.Join("\n\n", paragraphs), string.Join("\n\n", texts));
    }

    [Fact]
    public async Task Telegram_refusing_the_html_gets_the_same_message_as_plain_text()
    {
        await using var telegram = TelegramTestServer.Start(
            arrange: api => api.FailCall("sendMessage", 1, 400, "Bad Request: can't parse entities: unexpected end tag at byte offset 3"));

        await telegram.WriteRepliesAsync(6003, [new Activity { Text = "**Добре** дошли & успех", TextFormat = "markdown" }], null, Ct);

        var resent = telegram.Api.MessagesTo(6003).Single();
        Assert.Equal("Добре дошли & успех", resent.Text);
        Assert.Null(resent.Body["parse_mode"]);
    }

    [Fact]
    public async Task An_update_claimed_by_a_process_that_died_is_handled_once_its_lease_runs_out()
    {
        await using var telegram = TelegramTestServer.Start(settings: new() { ["Telegram:ClaimLeaseSeconds"] = "1" });
        var store = telegram.Server.Services.GetRequiredService<IProcessedUpdateStore>();
        const long chat = 6004;
        var update = BotApiUpdates.Text(chat, chat, "помощ");
        var updateId = (long)update["update_id"]!;
        var claimedAt = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds());
        Assert.True(await store.TryClaimAsync(
            new ReceivedUpdate("telegram/" + FakeBotApi.BotId, updateId, chat.ToString(), update.ToJsonString(), claimedAt), Ct));

        await telegram.Api.WaitForCallAsync(c => c.Method == "sendMessage" && c.ChatId == chat, Ct);
        await telegram.Router.WaitIdleAsync(Ct);
        await Task.Delay(2500, Ct);

        Assert.Equal(2, telegram.TextsTo(chat).Count);
        Assert.Empty(await store.ListStaleAsync("telegram/" + FakeBotApi.BotId, DateTimeOffset.UtcNow, 10, Ct));

        // And Telegram delivering it again now changes nothing.
        await telegram.DeliverAsync(update, Ct);
        Assert.Equal(2, telegram.TextsTo(chat).Count);
    }
}
