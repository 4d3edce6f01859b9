using System.Text.Json.Nodes;
using Assistant.Web.Channels.Telegram;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telegram;

public sealed class TelegramNonTextAndGroupTests
{
    private const long Group = -1001234567890;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> NonText => new()
    {
        { "sticker", "Хубав стикер! 🙂 Но аз разбирам само текст" },
        { "photo", "Не мога да отварям снимки, видеа и файлове." },
        { "location", "Благодаря, но не използвам местоположения." },
        { "edited", "Виждам само нови съобщения, не и редакциите им." },
    };

    [Theory]
    [MemberData(nameof(NonText))]
    public async Task Something_that_is_not_text_in_a_private_chat_gets_a_short_friendly_reply(string kind, string reply)
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 5001;
        var update = kind switch
        {
            "sticker" => BotApiUpdates.Sticker(chat, chat),
            "photo" => BotApiUpdates.Photo(chat, chat),
            "location" => BotApiUpdates.Location(chat, chat),
            _ => BotApiUpdates.Edited(chat, chat, "Какво е ICC?"),
        };

        await telegram.DeliverAsync(update, Ct);

        var message = Assert.Single(telegram.Api.MessagesTo(chat));
        Assert.StartsWith(reply, message.Text, StringComparison.Ordinal);
        Assert.True(kind == "edited" || message.Text!.Contains("/help", StringComparison.Ordinal), "it says how to find out more");
        Assert.Empty(message.Buttons);
    }

    [Fact]
    public async Task The_reply_to_something_that_is_not_text_is_in_the_language_of_the_user()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 5002;

        await telegram.DeliverAsync(BotApiUpdates.Voice(chat, chat, languageCode: "en"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "Български"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Voice(chat, chat, languageCode: "en"), Ct);

        var texts = telegram.TextsTo(chat);
        Assert.StartsWith("I can't listen to voice or video messages yet.", texts[0], StringComparison.Ordinal);
        Assert.StartsWith("Все още не мога да слушам гласови съобщения", texts[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_group_the_assistant_stays_quiet_unless_it_is_addressed()
    {
        await using var telegram = TelegramTestServer.Start();

        await telegram.DeliverAsync(BotApiUpdates.Text(Group, 61, "Какво е Intelligent Cities Challenge?", chatType: "supergroup"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(Group, 61, "/help@other_bot", chatType: "supergroup"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Sticker(Group, 61, chatType: "supergroup"), Ct);
        await telegram.DeliverAsync(BotApiUpdates.Edited(Group, 61, "Какво е ICC?", chatType: "supergroup"), Ct);
        Assert.Empty(telegram.Api.MessagesTo(Group));
        Assert.Empty(telegram.Api.CallsTo("sendChatAction"));

        await telegram.DeliverAsync(BotApiUpdates.Text(Group, 61, $"/help@{FakeBotApi.Username}", chatType: "supergroup"), Ct);
        Assert.StartsWith("Ето как да разговаряте с мен", telegram.TextsTo(Group)[0], StringComparison.Ordinal);

        var before = telegram.TextsTo(Group).Count;
        await telegram.DeliverAsync(BotApiUpdates.Mention(Group, 62, FakeBotApi.Username, "Какво е Intelligent Cities Challenge?"), Ct);
        Assert.StartsWith("<b>Intelligent Cities Challenge (ICC)</b> е инициатива", telegram.TextsTo(Group)[before], StringComparison.Ordinal);

        before = telegram.TextsTo(Group).Count;
        await telegram.DeliverAsync(BotApiUpdates.Text(Group, 62, "/cancel", chatType: "supergroup"), Ct);
        Assert.Equal("Няма какво да прекратя – нищо не е започнато.", telegram.TextsTo(Group)[before]);
    }

    [Fact]
    public async Task In_a_group_a_reply_to_one_of_the_assistants_messages_is_answered()
    {
        await using var telegram = TelegramTestServer.Start();
        await telegram.DeliverAsync(BotApiUpdates.Text(Group, 63, $"/start@{FakeBotApi.Username}", chatType: "supergroup"), Ct);
        var menu = telegram.Api.MessagesTo(Group)[^1];
        var reply = BotApiUpdates.Text(Group, 63, "помощ", chatType: "supergroup");
        reply["message"]!["reply_to_message"] = new JsonObject
        {
            ["message_id"] = menu.MessageId,
            ["from"] = new JsonObject { ["id"] = FakeBotApi.BotId, ["is_bot"] = true, ["first_name"] = "Бот", ["username"] = FakeBotApi.Username },
            ["chat"] = BotApiUpdates.Chat(Group, "supergroup"),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = menu.Text,
        };
        var before = telegram.TextsTo(Group).Count;

        await telegram.DeliverAsync(reply, Ct);

        Assert.StartsWith("Ето как да разговаряте с мен", telegram.TextsTo(Group)[before], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocking_and_unblocking_the_bot_is_recorded_and_says_nothing()
    {
        await using var telegram = TelegramTestServer.Start();
        var chats = telegram.Server.Services.GetRequiredService<TelegramChatStore>();
        const long chat = 5003;

        await telegram.DeliverAsync(BotApiUpdates.MyChatMember(chat, chat, "member", "kicked"), Ct);
        var blocked = await chats.LoadAsync(chat, Ct);
        Assert.Equal("kicked", blocked.MemberStatus);
        Assert.NotNull(blocked.BlockedAt);

        await telegram.DeliverAsync(BotApiUpdates.MyChatMember(chat, chat, "kicked", "member"), Ct);
        var unblocked = await chats.LoadAsync(chat, Ct);
        Assert.Equal("member", unblocked.MemberStatus);
        Assert.Null(unblocked.BlockedAt);
        Assert.Empty(telegram.Api.MessagesTo(chat));
    }

    [Fact]
    public async Task An_update_the_channel_cannot_read_does_not_stop_polling()
    {
        await using var telegram = TelegramTestServer.Start();
        const long chat = 5004;
        var odd = new JsonObject
        {
            ["update_id"] = BotApiUpdates.NextUpdateId(),
            ["message_reaction"] = new JsonObject { ["chat"] = BotApiUpdates.Chat(chat), ["message_id"] = 5, ["date"] = 0, ["old_reaction"] = new JsonArray(), ["new_reaction"] = new JsonArray() },
        };

        await telegram.DeliverAsync(odd, Ct);
        await telegram.DeliverAsync(BotApiUpdates.Text(chat, chat, "помощ"), Ct);

        Assert.Equal(2, telegram.TextsTo(chat).Count);
    }
}
