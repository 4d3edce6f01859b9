using Assistant.Web.Channels.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramPacingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_burst_of_replies_with_a_429_in_the_middle_is_delivered_in_order_after_the_pause_telegram_asked_for()
    {
        await using var telegram = TelegramTestServer.Start(
            arrange: api => api.FailCall("sendMessage", 3, 429, "Too Many Requests: retry after 1", retryAfter: 1));
        const long chat = 4001;
        var updates = new[] { "помощ", "/cancel", "English" }.Select(t => BotApiUpdates.Text(chat, chat, t)).ToList();
        telegram.Api.Enqueue(updates[0]);
        telegram.Api.Enqueue(updates[1]);

        await telegram.DeliverAsync(updates[2], Ct);

        var attempts = telegram.Api.CallsTo("sendMessage");
        var refused = attempts[2];
        Assert.Equal(429, refused.StatusCode);
        var retry = attempts[3];
        Assert.Equal(refused.Text, retry.Text);
        Assert.True(retry.ReceivedAt - refused.AnsweredAt >= TimeSpan.FromMilliseconds(950),
            $"retried after {(retry.ReceivedAt - refused.AnsweredAt).TotalMilliseconds} ms");
        var delivered = telegram.TextsTo(chat);
        Assert.Equal(6, delivered.Count);
        Assert.StartsWith("Ето как да разговаряте с мен", delivered[0], StringComparison.Ordinal);
        Assert.Equal("С какво да помогна?", delivered[1]);
        Assert.Equal("Няма какво да прекратя – нищо не е започнато.", delivered[2]);
        Assert.Equal("С какво да помогна?", delivered[3]);
        Assert.Equal("All right, we continue in English.", delivered[4]);
        Assert.Equal("How can I help?", delivered[5]);
    }

    [Fact]
    public async Task One_chat_gets_about_the_configured_messages_per_second_and_other_chats_are_not_held_up()
    {
        await using var telegram = TelegramTestServer.Start(settings: new()
        {
            ["Telegram:ChatMessagesPerSecond"] = "5",
            ["Telegram:ChatBurst"] = "1",
        });
        var replies = Enumerable.Range(1, 6).Select(i => Plain($"Съобщение {i}")).ToList();

        await Task.WhenAll(telegram.WriteRepliesAsync(4002, replies, null, Ct), telegram.WriteRepliesAsync(4003, replies, null, Ct));

        foreach (var chat in new long[] { 4002, 4003 })
        {
            var sent = telegram.Api.MessagesTo(chat);
            Assert.Equal(replies.Select(r => r.Text), sent.Select(m => m.Text));
            // Paced at 5 a second, six messages span five intervals of 200 ms. Measured where they arrive, one request
            // delayed on the way can shorten a single gap, so the check is on the span: unpaced, they would all arrive
            // within a few milliseconds.
            var span = sent[^1].ReceivedAt - sent[0].ReceivedAt;
            Assert.True(span >= TimeSpan.FromMilliseconds(750), $"six messages to one chat arrived within {span.TotalMilliseconds} ms");
        }

        // One after the other, the two chats would take eleven intervals (2.2 s); side by side, five.
        var all = telegram.Api.CallsTo("sendMessage");
        Assert.True(all[^1].ReceivedAt - all[0].ReceivedAt < TimeSpan.FromSeconds(2), "the two chats were paced side by side");
    }

    [Fact]
    public async Task All_chats_together_stay_within_the_global_rate()
    {
        await using var telegram = TelegramTestServer.Start(settings: new() { ["Telegram:GlobalMessagesPerSecond"] = "20" });
        var replies = Enumerable.Range(1, 10).Select(i => Plain($"Съобщение {i}")).ToList();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => telegram.WriteRepliesAsync(4100 + i, replies, null, Ct)));

        var all = telegram.Api.CallsTo("sendMessage");
        Assert.Equal(40, all.Count);
        // A burst of 20, then 20 per second: the last 20 need about a second.
        Assert.True(all[^1].ReceivedAt - all[0].ReceivedAt >= TimeSpan.FromMilliseconds(850),
            $"40 messages in {(all[^1].ReceivedAt - all[0].ReceivedAt).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_server_error_is_retried_with_back_off_and_the_message_arrives_once()
    {
        await using var telegram = TelegramTestServer.Start(
            arrange: api => api.FailCall("sendMessage", 1, 500, "Internal Server Error"));

        await telegram.WriteRepliesAsync(4004, [Plain("Здравейте")], null, Ct);

        var attempts = telegram.Api.CallsTo("sendMessage");
        Assert.Equal([500, 200], attempts.Select(a => a.StatusCode));
        Assert.True(attempts[1].ReceivedAt - attempts[0].AnsweredAt >= TimeSpan.FromMilliseconds(450));
        Assert.Equal(["Здравейте"], telegram.TextsTo(4004));
    }

    [Fact]
    public async Task A_user_who_blocked_the_bot_is_recorded_and_the_message_is_not_retried()
    {
        await using var telegram = TelegramTestServer.Start(
            arrange: api => api.FailCall("sendMessage", 1, 403, "Forbidden: bot was blocked by the user"));
        const long chat = 4005;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "помощ"), Ct);

        Assert.Single(telegram.Api.CallsTo("sendMessage"));
        var chats = telegram.Server.Services.GetRequiredService<TelegramChatStore>();
        Assert.NotNull((await chats.LoadAsync(chat, Ct)).BlockedAt);

        // Writing again means they unblocked the bot.
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "помощ"), Ct);
        Assert.Null((await chats.LoadAsync(chat, Ct)).BlockedAt);
        Assert.NotEmpty(telegram.TextsTo(chat));
    }

    private static Activity Plain(string text) => new() { Type = ActivityTypes.Message, Text = text, TextFormat = "plain" };
}
