using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramKeyboardTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pressing_a_button_answers_the_callback_at_once_removes_the_keyboard_and_runs_the_choice_as_typed()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 2001;
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start"), Ct);
        var menu = telegram.Api.MessagesTo(chat)[^1];

        var press = BotApiUpdates.Callback(chat, chat, menu.MessageId!.Value, menu.CallbackData("English / Български")!);
        var before = telegram.Api.Calls.Count;
        await telegram.DeliverAsync(press, Ct);

        var after = telegram.Api.Calls.Skip(before).Where(c => c.Method is not ("sendChatAction" or "getUpdates")).ToList();
        Assert.Equal("answerCallbackQuery", after[0].Method);
        Assert.Equal((string)press["callback_query"]!["id"]!, (string?)after[0].Body["callback_query_id"]);
        Assert.Null(after[0].Body["text"]);
        Assert.Equal("editMessageReplyMarkup", after[1].Method);
        Assert.Equal(menu.MessageId, (int?)after[1].Body["message_id"]);
        Assert.Null(after[1].Body["reply_markup"]);
        var prompt = after[2];
        Assert.Equal("sendMessage", prompt.Method);
        Assert.Equal("На какъв език да разговаряме? / Which language would you like?", prompt.Text);
        var rows = prompt.Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        Assert.Single(rows);
        Assert.Equal(["Български", "English"], prompt.Buttons.Select(b => b.Title));

        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, prompt.MessageId!.Value, prompt.CallbackData("English")!), Ct);

        // The press counts as the user typing "English": the conversation switches to English.
        var answer = telegram.Api.MessagesTo(chat).SkipWhile(m => m.Sequence <= prompt.Sequence).ToList();
        Assert.Equal("All right, we continue in English.", answer[0].Text);
        Assert.Contains(telegram.Api.CallsTo("editMessageReplyMarkup"), c => (int?)c.Body["message_id"] == prompt.MessageId);
    }

    [Fact]
    public async Task A_button_of_an_older_keyboard_is_answered_as_expired_and_taken_off_without_running_anything()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 2002;
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start"), Ct);
        var oldMenu = telegram.Api.MessagesTo(chat)[^1];
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "помощ"), Ct);
        var sent = telegram.Api.MessagesTo(chat).Count;

        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, oldMenu.MessageId!.Value, oldMenu.CallbackData("Помощ")!), Ct);

        var answer = telegram.Api.CallsTo("answerCallbackQuery").Single();
        Assert.Equal("Този бутон вече не е активен. Моля, използвайте бутоните от последното съобщение.", (string?)answer.Body["text"]);
        Assert.Contains(telegram.Api.CallsTo("editMessageReplyMarkup"), c => (int?)c.Body["message_id"] == oldMenu.MessageId);
        Assert.Equal(sent, telegram.Api.MessagesTo(chat).Count);
    }

    [Fact]
    public async Task A_second_press_on_the_same_keyboard_a_double_tap_is_not_taken_as_a_second_answer()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 2003;
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/lang"), Ct);
        var prompt = telegram.Api.MessagesTo(chat)[^1];
        var data = prompt.CallbackData("English")!;

        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, prompt.MessageId!.Value, data), Ct);
        var sent = telegram.Api.MessagesTo(chat).Count;
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, prompt.MessageId!.Value, data), Ct);

        Assert.Equal(sent, telegram.Api.MessagesTo(chat).Count);
        Assert.Single(telegram.TextsTo(chat), t => t == "All right, we continue in English.");
    }

    [Fact]
    public async Task A_reply_marked_updatesPrevious_edits_the_keyboard_message_in_place_instead_of_sending_a_new_one()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 2004;
        await telegram.WriteRepliesAsync(chat, [Question("Кои теми Ви интересуват?", "Транспорт", "Зелени площи", "Готово")], null, Ct);
        var question = telegram.Api.MessagesTo(chat).Single();

        var toggled = Question("Кои теми Ви интересуват?", "✓ Транспорт", "Зелени площи", "Готово");
        toggled.ChannelData = new JsonObject { ["assistant"] = new JsonObject { ["updatesPrevious"] = true } };
        await telegram.WriteRepliesAsync(chat, [toggled], pressedMessageId: question.MessageId, Ct);

        Assert.Single(telegram.Api.MessagesTo(chat));
        Assert.Empty(telegram.Api.CallsTo("editMessageReplyMarkup"));
        var edit = telegram.Api.CallsTo("editMessageText").Single();
        Assert.Equal(question.MessageId, (int?)edit.Body["message_id"]);
        Assert.Equal(["✓ Транспорт", "Зелени площи", "Готово"], edit.Buttons.Select(b => b.Title));
        Assert.NotEqual(question.CallbackData("Транспорт"), edit.CallbackData("✓ Транспорт"));

        // The edited keyboard is the live one: its buttons work, the ones it replaced do not.
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, question.MessageId!.Value, question.CallbackData("Готово")!), Ct);
        Assert.Equal("Този бутон вече не е активен. Моля, използвайте бутоните от последното съобщение.",
            (string?)telegram.Api.CallsTo("answerCallbackQuery").Single().Body["text"]);
    }

    [Fact]
    public async Task A_rating_scale_is_one_row_and_long_choices_get_a_row_each()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 2005;

        await telegram.WriteRepliesAsync(chat,
        [
            Question("Колко сте доволни?", "1", "2", "3", "4", "5"),
            Question("Кое е най-важно?", "По-добър обществен транспорт", "Повече зелени площи в кварталите"),
        ], null, Ct);

        var (scale, choices) = (telegram.Api.MessagesTo(chat)[0], telegram.Api.MessagesTo(chat)[1]);
        Assert.Single(scale.Body["reply_markup"]!["inline_keyboard"]!.AsArray());
        Assert.Equal(5, scale.Buttons.Count);
        Assert.Equal(2, choices.Body["reply_markup"]!["inline_keyboard"]!.AsArray().Count);
    }

    private static Activity Question(string text, params string[] options) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = "markdown",
        SuggestedActions = new SuggestedActions { Actions = options.Select(o => CardAction.ImBack(o, o)).ToList() },
    };
}
