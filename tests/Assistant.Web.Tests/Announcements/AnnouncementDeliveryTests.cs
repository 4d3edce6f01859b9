using System.Globalization;
using Assistant.Core.Conversation;
using Assistant.Core.Subscriptions;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Announcements;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Tests.Admin;
using Assistant.Web.Tests.Support;
using Assistant.Web.Tests.TeamQuestions;
using Assistant.Web.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Announcements;

/// <summary>
/// Announcements sent from the desk (over HTTP) to subscribers through the real channels: Telegram.Bot talking HTTP to the
/// local Bot API stand-in, and Direct Line conversations.
/// </summary>
public sealed class AnnouncementDeliveryTests
{
    private const string Survey = "e-government-participation";
    private const string MarkerBg = "Нова анкета за електронното управление";
    private const string MarkerEn = "A new survey on e-government";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_hundred_telegram_subscribers_each_get_it_once_a_429_is_waited_out_and_blocked_chats_are_marked()
    {
        await using var telegram = TelegramTestServer.Start();
        // Opted in, in the chat; talked to the bot without opting in; opted in to another topic.
        await telegram.DeliverAsync(BotApiUpdates.Text(9001, 9001, "/subscribe surveys"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(9002, 9002, "/start"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(9003, 9003, "/subscribe events"), Ct);
        var chats = new List<long> { 9001 };
        chats.AddRange(await SeedTelegramSubscribersAsync(telegram.Server, 199, 7000));
        var before = telegram.Api.CallsTo("sendMessage").Count;
        telegram.Api.FailCall("sendMessage", before + 5, 429, "Too Many Requests: retry after 1", retryAfter: 1);
        telegram.Api.FailCall("sendMessage", before + 20, 403, "Forbidden: bot was blocked by the user");
        telegram.Api.FailCall("sendMessage", before + 40, 403, "Forbidden: bot was blocked by the user");

        using var admin = await TeamDesk.SignInAsync(telegram.Server);
        var announcement = await SendFromDeskAsync(admin, telegram.Server, SubscriptionTopics.Surveys);
        var counts = await WaitDoneAsync(telegram.Server, announcement.Id);

        var calls = telegram.Api.CallsTo("sendMessage").Where(c => c.Sequence > 0 && IsAnnouncement(c)).ToList();
        var blocked = calls.Where(c => c.StatusCode == 403).Select(c => c.ChatId!.Value).ToHashSet();
        var limited = Assert.Single(calls, c => c.StatusCode == 429).ChatId!.Value;
        Assert.Equal(2, blocked.Count);
        Assert.DoesNotContain(limited, blocked);
        Assert.Equal(new AnnouncementCounts(0, 0, 198, 0, 2), counts);
        foreach (var chat in chats)
        {
            Assert.Equal(blocked.Contains(chat) ? 0 : 1, telegram.Api.MessagesTo(chat).Count(IsAnnouncement));
        }

        // The chat Telegram slowed down got it once, after the wait.
        Assert.Single(telegram.Api.MessagesTo(limited), IsAnnouncement);
        Assert.DoesNotContain(telegram.Api.MessagesTo(9002), IsAnnouncement);
        Assert.DoesNotContain(telegram.Api.MessagesTo(9003), IsAnnouncement);
        var chatStore = telegram.Server.Services.GetRequiredService<TelegramChatStore>();
        foreach (var chat in blocked)
        {
            Assert.NotNull((await chatStore.LoadAsync(chat, Ct)).BlockedAt);
        }

        // Bold as HTML, the footer says why and how to stop, and the button starts the survey.
        var received = telegram.Api.MessagesTo(9001).Single(IsAnnouncement);
        Assert.Contains("<b>електронното управление</b>", received.Text, StringComparison.Ordinal);
        Assert.Contains("/stop", received.Text, StringComparison.Ordinal);
        var seen = telegram.TextsTo(9001).Count;
        await telegram.DeliverAsync(BotApiUpdates.Callback(9001, 9001, received.MessageId!.Value, received.CallbackData("Към анкетата")!), Ct);
        Assert.Contains(telegram.TextsTo(9001).Skip(seen), t => t.Contains("Електронно управление и гражданско участие", StringComparison.Ordinal));

        var page = await admin.HtmlAsync("/admin/announcements");
        Assert.Contains("<td class=\"num sent\">198</td>", page, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num blocked\">2</td>", page, StringComparison.Ordinal);
        var audit = await telegram.Server.Services.GetRequiredService<IAuditLogStore>().ListAsync(0, 50, Ct);
        Assert.Contains(audit, e => e.Action == "announcement.create" && e.Subject == announcement.Id.ToString() && e.Actor == "desk");
        Assert.Contains(audit, e => e.Action == "announcement.send" && e.Subject == announcement.Id.ToString() && e.Details!.Contains("200", StringComparison.Ordinal));
        Assert.Contains(audit, e => e.Action == "announcement.done" && e.Subject == announcement.Id.ToString());
    }

    [Fact]
    public async Task A_server_stopped_mid_send_leaves_the_rest_to_the_next_one_and_nobody_gets_it_twice()
    {
        await using var api = new FakeBotApi();
        // Slow enough that the first server stops with most recipients still pending.
        var slow = new Dictionary<string, string?> { ["Telegram:GlobalMessagesPerSecond"] = "5" };
        var first = TelegramTestServer.Start(settings: slow, api: api);
        var path = first.Server.DatabasePath;
        List<long> chats;
        Guid id;
        await using (first)
        {
            chats = await SeedTelegramSubscribersAsync(first.Server, 60, 5000);
            using var admin = await TeamDesk.SignInAsync(first.Server);
            id = (await SendFromDeskAsync(admin, first.Server, SubscriptionTopics.Surveys)).Id;
            var store = first.Server.Services.GetRequiredService<IAnnouncementStore>();
            await WaitUntilAsync(async () => (await store.CountAsync(id, Ct)).Sent >= 10);
            Assert.True((await store.CountAsync(id, Ct)).Pending > 0);
        }

        var sentByFirst = chats.Count(c => api.MessagesTo(c).Any(IsAnnouncement));
        Assert.InRange(sentByFirst, 10, 59);

        await using var second = TelegramTestServer.Start(databasePath: path, api: api);
        var counts = await WaitDoneAsync(second.Server, id);

        Assert.Equal(new AnnouncementCounts(0, 0, 60, 0, 0), counts);
        Assert.All(chats, c => Assert.Single(api.MessagesTo(c), IsAnnouncement));
    }

    [Fact]
    public async Task A_web_chat_subscriber_finds_it_in_their_conversation_in_their_language_and_others_get_nothing()
    {
        await using var server = AssistantServer.Start();
        using var http = server.NewClient();
        var subscriber = await DirectLineClient.StartAsync(http, Ct);
        var mark = await subscriber.SayAsync("English", "", "0", Ct);
        mark = await subscriber.SayAsync("/subscribe events", "Done", mark, Ct);
        var bystander = await DirectLineClient.StartAsync(http, Ct);
        var bystanderMark = await bystander.SayAsync("/start", "", "0", Ct);

        using var admin = await TeamDesk.SignInAsync(server);
        var announcement = await SendFromDeskAsync(admin, server, SubscriptionTopics.Events);
        Assert.Equal(new AnnouncementCounts(0, 0, 1, 0, 0), await WaitDoneAsync(server, announcement.Id));

        var (all, _) = await subscriber.PollUntilAsync(a => DirectLineClient.TextOf(a).Contains(MarkerEn, StringComparison.Ordinal), Ct);
        var received = all.Single(a => DirectLineClient.TextOf(a!).Contains(MarkerEn, StringComparison.Ordinal))!;
        Assert.Equal("markdown", (string?)received["textFormat"]);
        Assert.Equal("Take the survey", (string?)received["suggestedActions"]!["actions"]![0]!["title"]);
        var (others, _) = await bystander.GetActivitiesAsync(bystanderMark, Ct);
        Assert.DoesNotContain(others, a => DirectLineClient.TextOf(a!).Contains(MarkerEn, StringComparison.Ordinal)
            || DirectLineClient.TextOf(a!).Contains(MarkerBg, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscriber_who_used_forget_gets_nothing_afterwards()
    {
        await using var telegram = TelegramTestServer.Start();
        await telegram.DeliverAsync(BotApiUpdates.Text(9101, 9101, "/subscribe results"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(9101, 9101, "/forget"), Ct);
        var confirm = telegram.Api.MessagesTo(9101)[^1];
        await telegram.DeliverAsync(BotApiUpdates.Callback(9101, 9101, confirm.MessageId!.Value, confirm.CallbackData("Да, изтрий всичко")!), Ct);
        await SeedTelegramSubscribersAsync(telegram.Server, 1, 9200, SubscriptionTopics.Results);

        using var admin = await TeamDesk.SignInAsync(telegram.Server);
        var announcement = await SendFromDeskAsync(admin, telegram.Server, SubscriptionTopics.Results);

        Assert.Equal(new AnnouncementCounts(0, 0, 1, 0, 0), await WaitDoneAsync(telegram.Server, announcement.Id));
        Assert.DoesNotContain(telegram.Api.MessagesTo(9101), IsAnnouncement);
        Assert.Single(telegram.Api.MessagesTo(9200), IsAnnouncement);
    }

    private static bool IsAnnouncement(BotApiCall call) =>
        (call.Text ?? "").Contains("електронното управление", StringComparison.Ordinal) || (call.Text ?? "").Contains(MarkerEn, StringComparison.Ordinal);

    private static async Task<List<long>> SeedTelegramSubscribersAsync(AssistantServer server, int count, long firstChat,
        string topic = SubscriptionTopics.Surveys)
    {
        var keys = server.Services.GetRequiredService<ParticipantKeys>();
        var store = server.Services.GetRequiredService<ISubscriptionStore>();
        var chats = Enumerable.Range(0, count).Select(i => firstChat + i).ToList();
        foreach (var chat in chats)
        {
            var address = chat.ToString(CultureInfo.InvariantCulture);
            await store.SubscribeAsync(new Subscription(keys.For("telegram", address), topic, "telegram", address,
                chat % 2 == 0 ? "bg" : "en", DateTimeOffset.UtcNow), Ct);
        }

        return chats;
    }

    private static async Task<Announcement> SendFromDeskAsync(AdminClient admin, AssistantServer server, string topic)
    {
        await admin.HtmlAsync("/admin/announcements");
        using var response = await admin.PostAsync("/admin/announcements", ("topic", topic),
            ("text_bg", MarkerBg.Replace("електронното управление", "**електронното управление**", StringComparison.Ordinal) + ": отнема 5 минути."),
            ("text_en", MarkerEn + ": it takes 5 minutes."), ("survey", Survey), ("when", "now"), ("send_at", ""), ("action", "send"));
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(await server.Services.GetRequiredService<IAnnouncementStore>().ListAsync(10, Ct));
    }

    private static async Task<AnnouncementCounts> WaitDoneAsync(AssistantServer server, Guid id)
    {
        var store = server.Services.GetRequiredService<IAnnouncementStore>();
        await WaitUntilAsync(async () => (await store.GetAsync(id, Ct))!.State == AnnouncementState.Done);
        return await store.CountAsync(id, Ct);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        while (!await done())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
