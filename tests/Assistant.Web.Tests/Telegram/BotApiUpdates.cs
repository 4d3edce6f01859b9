using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.Telegram;

/// <summary>Updates in the Bot API's own JSON shape (snake_case, Unix dates), as Telegram sends them.</summary>
public static class BotApiUpdates
{
    private static int _nextUpdateId = 500_000;
    private static int _nextMessageId = 10_000;

    public static long NextUpdateId() => Interlocked.Increment(ref _nextUpdateId);

    public static JsonObject User(long userId, string languageCode = "bg", string firstName = "Мария") => new()
    {
        ["id"] = userId,
        ["is_bot"] = false,
        ["first_name"] = firstName,
        ["language_code"] = languageCode,
    };

    public static JsonObject Chat(long chatId, string type = "private") => type == "private"
        ? new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Мария" }
        : new JsonObject { ["id"] = chatId, ["type"] = type, ["title"] = "Квартален съвет" };

    public static JsonObject Message(long chatId, long userId, string? text = null, string languageCode = "bg", string chatType = "private",
        JsonArray? entities = null) =>
        Wrap("message", MessageBody(chatId, userId, text, languageCode, chatType, entities));

    /// <summary>A text message; a leading /command gets its bot_command entity, as Telegram adds it.</summary>
    public static JsonObject Text(long chatId, long userId, string text, string languageCode = "bg", string chatType = "private") =>
        Message(chatId, userId, text, languageCode, chatType, CommandEntity(text));

    /// <summary>A group message that mentions <paramref name="username"/> at the start.</summary>
    public static JsonObject Mention(long chatId, long userId, string username, string rest, string languageCode = "bg") =>
        Message(chatId, userId, $"@{username} {rest}", languageCode, "supergroup",
            [new JsonObject { ["type"] = "mention", ["offset"] = 0, ["length"] = username.Length + 1 }]);

    public static JsonObject Sticker(long chatId, long userId, string chatType = "private")
    {
        var body = MessageBody(chatId, userId, null, "bg", chatType, null);
        body["sticker"] = new JsonObject
        {
            ["file_id"] = "CAACAgIAAxkBAAIB", ["file_unique_id"] = "AgADAgAD", ["type"] = "regular",
            ["width"] = 512, ["height"] = 512, ["is_animated"] = false, ["is_video"] = false, ["emoji"] = "👍",
        };
        return Wrap("message", body);
    }

    public static JsonObject Photo(long chatId, long userId, string? caption = null)
    {
        var body = MessageBody(chatId, userId, null, "bg", "private", null);
        body["photo"] = new JsonArray(new JsonObject { ["file_id"] = "AgACAgIAAxkBAAIC", ["file_unique_id"] = "AQADAgAD", ["width"] = 90, ["height"] = 67 });
        if (caption is not null)
        {
            body["caption"] = caption;
        }

        return Wrap("message", body);
    }

    public static JsonObject Voice(long chatId, long userId, string languageCode = "en")
    {
        var body = MessageBody(chatId, userId, null, languageCode, "private", null);
        body["voice"] = new JsonObject { ["file_id"] = "AwACAgIAAxkBAAID", ["file_unique_id"] = "AgADBAAD", ["duration"] = 3, ["mime_type"] = "audio/ogg" };
        return Wrap("message", body);
    }

    public static JsonObject Location(long chatId, long userId)
    {
        var body = MessageBody(chatId, userId, null, "bg", "private", null);
        body["location"] = new JsonObject { ["latitude"] = 42.6977, ["longitude"] = 23.3219 };
        return Wrap("message", body);
    }

    public static JsonObject Edited(long chatId, long userId, string text, string chatType = "private")
    {
        var body = MessageBody(chatId, userId, text, "bg", chatType, null);
        body["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return Wrap("edited_message", body);
    }

    /// <summary>A press on an inline button of the bot's message <paramref name="messageId"/>.</summary>
    public static JsonObject Callback(long chatId, long userId, int messageId, string data, string languageCode = "bg") =>
        Wrap("callback_query", new JsonObject
        {
            ["id"] = "cbq-" + Guid.NewGuid().ToString("N")[..12],
            ["from"] = User(userId, languageCode),
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["from"] = new JsonObject { ["id"] = FakeBotApi.BotId, ["is_bot"] = true, ["first_name"] = "Бот", ["username"] = FakeBotApi.Username },
                ["chat"] = Chat(chatId, chatId > 0 ? "private" : "supergroup"),
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5,
                ["text"] = "…",
            },
            ["chat_instance"] = "-4242424242",
            ["data"] = data,
        });

    /// <summary>The bot's own membership changed: "kicked" when a user blocks it, "member" when they unblock or restart it.</summary>
    public static JsonObject MyChatMember(long chatId, long userId, string oldStatus, string newStatus) =>
        Wrap("my_chat_member", new JsonObject
        {
            ["chat"] = Chat(chatId),
            ["from"] = User(userId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["old_chat_member"] = Member(oldStatus),
            ["new_chat_member"] = Member(newStatus),
        });

    private static JsonObject Member(string status)
    {
        var member = new JsonObject
        {
            ["status"] = status,
            ["user"] = new JsonObject { ["id"] = FakeBotApi.BotId, ["is_bot"] = true, ["first_name"] = "Бот", ["username"] = FakeBotApi.Username },
        };
        if (status == "kicked")
        {
            member["until_date"] = 0;
        }

        return member;
    }

    private static JsonArray? CommandEntity(string text)
    {
        if (!text.StartsWith('/'))
        {
            return null;
        }

        var length = text.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? space : text.Length;
        return [new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length }];
    }

    private static JsonObject MessageBody(long chatId, long userId, string? text, string languageCode, string chatType, JsonArray? entities)
    {
        var body = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["from"] = User(userId, languageCode),
            ["chat"] = Chat(chatId, chatType),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        if (text is not null)
        {
            body["text"] = text;
        }

        if (entities is not null)
        {
            body["entities"] = entities;
        }

        return body;
    }

    private static JsonObject Wrap(string kind, JsonObject body) => new() { ["update_id"] = NextUpdateId(), [kind] = body };
}
