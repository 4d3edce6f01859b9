namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_restart_the_buttons_sent_before_still_work_and_updates_seen_before_are_dropped()
    {
        await using var api = new FakeBotApi();
        const long chat = 7001;
        var start = BotApiUpdates.Text(chat, chat, "/start");
        string database;
        BotApiCall menu;
        await using (var before = TelegramTestServer.Start(api: api))
        {
            database = before.Server.DatabasePath;
            await before.DeliverAsync(start, Ct);
            menu = api.MessagesTo(chat)[^1];
        }

        await using var after = TelegramTestServer.Start(api: api, databasePath: database);
        var sent = api.MessagesTo(chat).Count;

        // Telegram delivering /start again (its confirmation got lost in the restart) changes nothing…
        await after.DeliverAsync(start, Ct);
        Assert.Equal(sent, api.MessagesTo(chat).Count);

        // …and the menu sent before the restart still answers.
        await after.DeliverAsync(BotApiUpdates.Callback(chat, chat, menu.MessageId!.Value, menu.CallbackData("Помощ")!), Ct);
        Assert.Null(api.CallsTo("answerCallbackQuery").Single().Body["text"]);
        Assert.StartsWith("Ето как да разговаряте с мен", api.MessagesTo(chat)[sent].Text, StringComparison.Ordinal);
    }
}
