using System.Net;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Admin.Security;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.TeamQuestions;

/// <summary>Ask the team in Telegram: Telegram.Bot talking HTTP to the local Bot API stand-in, the desk over HTTP.</summary>
public sealed class AskTeamTelegramTests
{
    private const string Unknown = "Кога ще има безплатен Wi-Fi в Южния парк?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_question_reaches_the_desk_the_reply_arrives_in_the_chat_and_its_thanks_button_answers_it()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 8101;
        var reference = await AskAsync(telegram, chat);
        var store = telegram.Server.Services.GetRequiredService<ITeamQuestionStore>();
        var question = (await store.FindByReferenceAsync(reference, Ct))!;
        Assert.Equal(("telegram", $"telegram/{chat}"), (question.Channel, question.ConversationKey));

        using var admin = await TeamDesk.SignInAsync(telegram.Server);
        Assert.Contains(reference, await admin.HtmlAsync("/admin/questions"), StringComparison.Ordinal);
        await admin.HtmlAsync($"/admin/questions/{question.Id}");
        var answered = await admin.PostAsync($"/admin/questions/{question.Id}/answer",
            ("reply", "През май 2027 г. <b>не</b> е шега: https://www.sofia.bg/"));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        var sent = await telegram.Api.WaitForCallAsync(c => c.Method == "sendMessage" && (c.Text ?? "").Contains("През май 2027", StringComparison.Ordinal), Ct);
        Assert.Contains(reference, sent.Text, StringComparison.Ordinal);
        // Sent as HTML with the staff's markup escaped: the citizen sees "<b>не</b>" as typed, not bold.
        Assert.Contains("&lt;b&gt;не&lt;/b&gt;", sent.Text, StringComparison.Ordinal);
        await TelegramDeliveredAsync(store, question.Id);

        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, sent.MessageId!.Value, sent.CallbackData("Благодаря, помогна ми")!), Ct);

        Assert.Contains("Радвам се", telegram.TextsTo(chat)[^2], StringComparison.Ordinal);
        Assert.Equal(TeamFollowUp.Thanked, (await store.GetAsync(question.Id, Ct))!.FollowUp);
    }

    [Fact]
    public async Task A_chat_that_blocked_the_bot_is_marked_and_the_reply_is_not_retried()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 8102;
        var reference = await AskAsync(telegram, chat);
        var store = telegram.Server.Services.GetRequiredService<ITeamQuestionStore>();
        var question = (await store.FindByReferenceAsync(reference, Ct))!;
        var sentSoFar = telegram.Api.CallsTo("sendMessage").Count;
        telegram.Api.FailCall("sendMessage", sentSoFar + 1, 403, "Forbidden: bot was blocked by the user");

        using var admin = await TeamDesk.SignInAsync(telegram.Server);
        await admin.HtmlAsync($"/admin/questions/{question.Id}");
        await admin.PostAsync($"/admin/questions/{question.Id}/answer", ("reply", "Отговор, който няма да стигне."));
        await TelegramDeliveredAsync(store, question.Id);

        Assert.Equal(TeamDelivery.Blocked, (await store.GetAsync(question.Id, Ct))!.Delivery);
        Assert.NotNull((await telegram.Server.Services.GetRequiredService<TelegramChatStore>().LoadAsync(chat, Ct)).BlockedAt);
        Assert.Equal(sentSoFar + 1, telegram.Api.CallsTo("sendMessage").Count);
        Assert.Contains("блокирал бота", await admin.HtmlAsync("/admin/questions?status=closed"), StringComparison.Ordinal);
    }

    private static async Task<string> AskAsync(TelegramTestServer telegram, long chat)
    {
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/start"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, Unknown), Ct);
        Assert.Contains(telegram.TextsTo(chat), t => t.Contains("Попитай екипа", StringComparison.Ordinal));
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Попитай екипа"), Ct);
        var confirm = telegram.Api.MessagesTo(chat)[^1];
        Assert.Contains(Unknown, confirm.Text, StringComparison.Ordinal);
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, confirm.MessageId!.Value, confirm.CallbackData("Изпрати въпроса")!), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Без имейл"), Ct);
        var saved = telegram.TextsTo(chat).Last(t => t.Contains("Номерът му е", StringComparison.Ordinal));
        return System.Text.RegularExpressions.Regex.Match(saved, @"Q-[2-9A-Z]{6}").Value;
    }

    private static Task TelegramDeliveredAsync(ITeamQuestionStore store, Guid id) => AskTeamDirectLineTests.WaitDeliveredAsync(store, id);
}
