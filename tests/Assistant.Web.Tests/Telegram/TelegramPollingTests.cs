namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramPollingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task At_start_up_polling_mode_removes_the_webhook_and_sets_the_command_menu_in_bulgarian_english_and_default()
    {
        await using var telegram = TelegramTestServer.Start();
        await telegram.Api.WaitForCallAsync(c => c.Method == "getUpdates", Ct);

        Assert.Single(telegram.Api.CallsTo("getMe"));
        Assert.Single(telegram.Api.CallsTo("deleteWebhook"));
        Assert.Empty(telegram.Api.CallsTo("setWebhook"));
        var menus = telegram.Api.CallsTo("setMyCommands");
        Assert.Equal([null, "bg", "en"], menus.Select(c => (string?)c.Body["language_code"]).Order());
        foreach (var menu in menus)
        {
            Assert.Equal(["start", "help", "survey", "results", "lang", "mydata", "forget", "cancel"],
                menu.Body["commands"]!.AsArray().Select(c => (string)c!["command"]!));
        }

        var bulgarian = menus.Single(c => (string?)c.Body["language_code"] == "bg");
        Assert.Equal("Какво мога", (string?)bulgarian.Body["commands"]![1]!["description"]);
        var getUpdates = telegram.Api.CallsTo("getUpdates")[0];
        Assert.Equal(2, (int?)getUpdates.Body["timeout"]);
        Assert.Equal(["message", "edited_message", "callback_query", "my_chat_member"],
            getUpdates.Body["allowed_updates"]!.AsArray().Select(u => (string)u!));
    }

    [Fact]
    public async Task Start_greets_a_bulgarian_user_in_bulgarian_with_the_menu_as_an_inline_keyboard()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 1001;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start"), Ct);

        var messages = telegram.Api.MessagesTo(chat);
        Assert.StartsWith("Здравейте! Аз съм дигиталният асистент на <b>Иновативна София</b>", messages[0].Text, StringComparison.Ordinal);
        Assert.All(messages, m => Assert.Equal("html", ((string?)m.Body["parse_mode"])?.ToLowerInvariant()));
        var menu = messages[^1];
        Assert.Equal("С какво да помогна?", menu.Text);
        Assert.Contains(menu.Buttons, b => b.Title == "English / Български");
        Assert.All(menu.Buttons, b => Assert.Matches("^k:[0-9]+:[0-9]+$", b.Data));
        Assert.Contains(telegram.Api.Calls, c => c.Method == "sendChatAction" && (string?)c.Body["action"] == "typing");
    }

    [Fact]
    public async Task A_knowledge_question_in_bulgarian_is_answered_in_bulgarian_as_telegram_html()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 1002;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Какво е Intelligent Cities Challenge?"), Ct);

        var answer = telegram.Api.MessagesTo(chat)[0];
        Assert.StartsWith("<b>Intelligent Cities Challenge (ICC)</b> е инициатива на Европейската комисия", answer.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"https://eu-smartcities.eu/news/european-commission-launches-intelligent-cities-challenge\">Източник</a>",
            answer.Text, StringComparison.Ordinal);
        Assert.Equal(true, (bool?)answer.Body["link_preview_options"]?["is_disabled"]);
        Assert.NotEmpty(telegram.Api.MessagesTo(chat).SelectMany(m => m.Buttons));
    }

    [Fact]
    public async Task A_knowledge_question_in_english_from_an_english_telegram_user_is_answered_in_english()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 1003;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "What is the Intelligent Cities Challenge?", languageCode: "en"), Ct);

        var answer = telegram.Api.MessagesTo(chat)[0];
        Assert.StartsWith("The <b>Intelligent Cities Challenge (ICC)</b> is a European Commission initiative", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_update_returned_three_times_by_getUpdates_has_one_effect()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 1004;
        var update = BotApiUpdates.Text(chat, chat, "помощ");
        telegram.Api.Enqueue(update);
        telegram.Api.Enqueue(update);

        await telegram.DeliverAsync(update, Ct);

        var texts = telegram.TextsTo(chat);
        Assert.Single(texts, t => t.StartsWith("Ето как да разговаряте с мен", StringComparison.Ordinal));
        Assert.Equal(2, texts.Count);
    }

    [Fact]
    public async Task Updates_of_one_chat_are_handled_in_the_order_they_arrived()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 1005;
        var updates = new[] { "помощ", "/cancel", "English", "help" }.Select(t => BotApiUpdates.Text(chat, chat, t)).ToList();
        foreach (var update in updates.SkipLast(1))
        {
            telegram.Api.Enqueue(update);
        }

        await telegram.DeliverAsync(updates[^1], Ct);

        var texts = telegram.TextsTo(chat);
        Assert.Equal(8, texts.Count);
        Assert.StartsWith("Ето как да разговаряте с мен", texts[0], StringComparison.Ordinal);
        Assert.Equal("Няма какво да прекратя – нищо не е започнато.", texts[2]);
        Assert.Equal("All right, we continue in English.", texts[4]);
        Assert.StartsWith("Here is how to talk to me", texts[6], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_from_getUpdates_is_retried_after_a_pause_and_polling_goes_on()
    {
        await using var telegram = TelegramTestServer.Start(arrange: api => api.FailCall("getUpdates", 1, 502, "Bad Gateway"));
        const long chat = 1006;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "help"), Ct);

        var polls = telegram.Api.CallsTo("getUpdates");
        Assert.Equal(502, polls[0].StatusCode);
        Assert.True(polls[1].ReceivedAt - polls[0].AnsweredAt >= TimeSpan.FromMilliseconds(900), "polling backs off after an error");
        Assert.NotEmpty(telegram.TextsTo(chat));
    }

    [Fact]
    public async Task Stopping_the_server_ends_a_long_poll_at_once()
    {
        var telegram = TelegramTestServer.Start(settings: new() { ["Telegram:PollingTimeoutSeconds"] = "30" });
        await telegram.Api.WaitForCallAsync(c => c.Method == "deleteWebhook", Ct);
        await Task.Delay(300, Ct);

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await telegram.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stopping.Elapsed}");
    }
}
