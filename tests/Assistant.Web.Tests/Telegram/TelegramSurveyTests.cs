using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Web.Channels.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramSurveyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_deep_link_starts_a_survey_taken_through_buttons_with_toggles_edited_in_place_and_every_answer_stored()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 4101;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start e-government-participation"), Ct);
        await PressAsync(telegram, chat, "Съгласен/на съм");
        Assert.StartsWith("Въпрос 1 от", Last(telegram, chat).Text, StringComparison.Ordinal);
        await PressAsync(telegram, chat, "Няколко пъти в годината");
        var scale = Last(telegram, chat);
        Assert.Single(scale.Body["reply_markup"]!["inline_keyboard"]!.AsArray());   // a rating scale is one row
        await PressAsync(telegram, chat, "4");

        // Multi-choice: each toggle edits the question in place with a tick; "Done" commits.
        var question = Last(telegram, chat);
        await PressAsync(telegram, chat, "Бавна обработка и отговор");
        var edit = telegram.Api.CallsTo("editMessageText")[^1];
        Assert.Equal(question.MessageId, (int?)edit.Body["message_id"]);
        Assert.Contains(edit.Buttons, b => b.Title == "✓ Бавна обработка и отговор");
        await PressEditedAsync(telegram, chat, edit, "Неудобно от телефон");
        await PressEditedAsync(telegram, chat, telegram.Api.CallsTo("editMessageText")[^1], "Готово");
        Assert.StartsWith("Въпрос 4 от", Last(telegram, chat).Text, StringComparison.Ordinal);

        var responses = telegram.Server.Services.GetRequiredService<ISurveyResponseStore>();
        var key = telegram.Server.Services.GetRequiredService<ParticipantKeys>().For("telegram", chat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = Assert.Single(await responses.FindByParticipantAsync("e-government-participation", key, Ct));
        var answers = (await responses.GetAnswersAsync(response.Id, Ct)).ToDictionary(a => a.QuestionId, a => a.ValueJson);
        Assert.Equal("""{"option":"sometimes"}""", answers["e-services-use"]);
        Assert.Equal("""{"value":4}""", answers["satisfaction"]);
        Assert.Equal("""{"options":["slow","mobile"]}""", answers["obstacles"]);
    }

    [Fact]
    public async Task A_user_finishes_a_survey_by_buttons_sees_their_data_and_erases_it()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 4102;

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/survey"), Ct);
        await PressAsync(telegram, chat, "Обратна връзка за работна среща");
        await PressAsync(telegram, chat, "Съгласен/на съм");
        await PressAsync(telegram, chat, "5");
        await PressAsync(telegram, chat, "4");
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Повече време за <дискусия> & по-малко слайдове"), Ct);
        await PressAsync(telegram, chat, "Не");
        await PressAsync(telegram, chat, "Бизнес");
        Assert.Contains(telegram.TextsTo(chat), t => t.StartsWith("Благодарим", StringComparison.Ordinal));

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/mydata"), Ct);
        var key = telegram.Server.Services.GetRequiredService<ParticipantKeys>().For("telegram", chat.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(key, Last(telegram, chat).Text, StringComparison.Ordinal);

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/forget"), Ct);
        await PressAsync(telegram, chat, "Да, изтрий всичко");
        Assert.Contains("изтрих всичко", Last(telegram, chat).Text, StringComparison.Ordinal);
        var data = await telegram.Server.Services.GetRequiredService<IPrivacyStore>().ExportAsync(key, Ct);
        Assert.Empty(data.Consents);
        Assert.Empty(data.Conversations);
    }

    [Fact]
    public async Task An_answer_the_database_fails_to_save_gets_try_again_with_fresh_buttons_and_the_update_is_completed()
    {
        var failing = new FailingAnswerWrites();
        await using var telegram = TelegramTestServer.Start(services: failing.Register);
        const long chat = 4103;
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start workshop-feedback"), Ct);
        await PressAsync(telegram, chat, "Съгласен/на съм");

        failing.Next(TurnProcessor.StorageAttempts);
        var sent = telegram.Api.MessagesTo(chat).Count;
        await PressAsync(telegram, chat, "5");

        var replies = telegram.Api.MessagesTo(chat).Skip(sent).ToList();
        Assert.Equal(2, replies.Count);
        Assert.Equal("Нещо се обърка при запазването на отговора Ви. Моля, опитайте отново след малко.", replies[0].Text);
        Assert.StartsWith("Въпрос 1 от", replies[1].Text, StringComparison.Ordinal);
        // The pressed keyboard is used up; the question came again with a live one.
        await PressAsync(telegram, chat, "5");
        Assert.StartsWith("Въпрос 2 от", Last(telegram, chat).Text, StringComparison.Ordinal);

        var profile = telegram.Server.Services.GetRequiredService<TelegramBotProfile>();
        Assert.Empty(await telegram.Server.Services.GetRequiredService<IProcessedUpdateStore>()
            .ListStaleAsync(profile.Source, DateTimeOffset.UtcNow.AddDays(1), 10, Ct));
        Assert.Equal(TurnProcessor.StorageAttempts + 1, failing.Calls);
    }

    private static BotApiCall Last(TelegramTestServer telegram, long chat) => telegram.Api.MessagesTo(chat)[^1];

    private static async Task PressAsync(TelegramTestServer telegram, long chat, string title)
    {
        var message = Last(telegram, chat);
        var data = message.CallbackData(title) ?? throw new InvalidOperationException($"No button \"{title}\" in: {message.Text}");
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, message.MessageId!.Value, data), Ct);
    }

    private static async Task PressEditedAsync(TelegramTestServer telegram, long chat, BotApiCall edit, string title)
    {
        var data = edit.CallbackData(title) ?? throw new InvalidOperationException($"No button \"{title}\" in the edited message.");
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, (int)edit.Body["message_id"]!, data), Ct);
    }
}
