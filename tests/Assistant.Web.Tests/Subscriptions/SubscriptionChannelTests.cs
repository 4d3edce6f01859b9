using System.Globalization;
using Assistant.Core.Conversation;
using Assistant.Core.Subscriptions;
using Assistant.Web.Tests.Support;
using Assistant.Web.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Subscriptions;

/// <summary>Opting in and out of notifications through the real channels: Telegram (the Bot API stand-in) and Direct Line.</summary>
public sealed class SubscriptionChannelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task In_telegram_a_tap_subscribes_mydata_shows_it_and_slash_stop_ends_it()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 6101;
        var key = telegram.Server.Services.GetRequiredService<ParticipantKeys>().For("telegram", chat.ToString(CultureInfo.InvariantCulture));
        var subscriptions = telegram.Server.Services.GetRequiredService<ISubscriptionStore>();

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "известия"), Ct);
        Assert.StartsWith("Сега не получавате известия от мен", telegram.Api.MessagesTo(chat)[^1].Text, StringComparison.Ordinal);
        await PressAsync(telegram, chat, "нови анкети");
        Assert.Contains(telegram.TextsTo(chat), t => t.StartsWith("Готово – ще Ви пиша за: нови анкети.", StringComparison.Ordinal));
        var subscription = Assert.Single(await subscriptions.ListAsync(key, Ct));
        Assert.Equal((SubscriptionTopics.Surveys, "telegram", chat.ToString(CultureInfo.InvariantCulture), "bg"),
            (subscription.Topic, subscription.Channel, subscription.Address, subscription.Language));

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/mydata"), Ct);
        Assert.Contains("Известия, за които сте се абонирали: нови анкети (bg,", telegram.Api.MessagesTo(chat)[^1].Text, StringComparison.Ordinal);

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/stop"), Ct);
        Assert.Contains(telegram.TextsTo(chat), t => t.StartsWith("Спрях всички известия.", StringComparison.Ordinal));
        Assert.Empty(await subscriptions.ListAsync(key, Ct));
    }

    [Fact]
    public async Task In_telegram_forget_erases_the_subscriptions_too()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 6102;
        var key = telegram.Server.Services.GetRequiredService<ParticipantKeys>().For("telegram", chat.ToString(CultureInfo.InvariantCulture));

        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "notifications", languageCode: "en"), Ct);
        await PressAsync(telegram, chat, "survey results", "en");
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "/forget", languageCode: "en"), Ct);
        await PressAsync(telegram, chat, "Yes, erase everything", "en");

        Assert.Empty(await telegram.Server.Services.GetRequiredService<ISubscriptionStore>().ListAsync(key, Ct));
    }

    [Fact]
    public async Task Over_direct_line_the_buttons_subscribe_and_unsubscribe()
    {
        await using var server = AssistantServer.Start();
        using var http = server.NewClient();
        var client = await DirectLineClient.StartAsync(http, Ct);

        var id = await client.PostMessageAsync("известия", Ct);
        var (all, mark) = await client.PollUntilAsync(a => (string?)a["replyToId"] == id && DirectLineClient.TextOf(a).StartsWith("Сега не получавате", StringComparison.Ordinal), Ct);
        var button = all.Last(a => (string?)a!["replyToId"] == id)!["suggestedActions"]!["actions"]!.AsArray()
            .First(b => (string?)b!["title"] == "събития")!;
        mark = await client.SayAsync((string)button["value"]!, "Готово – ще Ви пиша за: събития.", mark, Ct);

        var subscriptions = server.Services.GetRequiredService<ISubscriptionStore>();
        var subscriber = Assert.Single(await subscriptions.ListSubscribersAsync(SubscriptionTopics.Events, null, 10, Ct));
        Assert.Equal(("directline", client.ConversationId), (subscriber.Channel, subscriber.Address));

        await client.SayAsync("/unsubscribe events", "Готово – вече няма да Ви пиша за: събития.", mark, Ct);
        Assert.Empty(await subscriptions.ListSubscribersAsync(SubscriptionTopics.Events, null, 10, Ct));
    }

    private static async Task PressAsync(TelegramTestServer telegram, long chat, string title, string language = "bg")
    {
        var message = telegram.Api.MessagesTo(chat)[^1];
        var data = message.CallbackData(title) ?? throw new InvalidOperationException($"No button \"{title}\" in: {message.Text}");
        await telegram.DeliverAsync(BotApiUpdates.Callback(chat, chat, message.MessageId!.Value, data, language), Ct);
    }
}
