using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>How Bot Framework activities map onto the channel-neutral turn and back.</summary>
public static class BotConnectorActivities
{
    public const string ExpectReplies = "expectReplies";

    /// <summary><c>deliveryMode: "expectReplies"</c>: the replies go back in the HTTP response, nothing is posted.</summary>
    public static bool WantsRepliesInResponse(Activity activity) =>
        activity.Extra is { } extra && extra.TryGetValue("deliveryMode", out var mode)
        && mode.ValueKind == JsonValueKind.String && string.Equals(mode.GetString(), ExpectReplies, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the assistant takes a turn on the activity: messages, events, and members joining (the greeting). Other
    /// types (typing, reactions, members leaving, …) are acknowledged and left alone; invoke is answered 501 before this.
    /// </summary>
    public static bool TakesTurn(Activity activity) => activity.Type switch
    {
        ActivityTypes.Message or ActivityTypes.Event => true,
        ActivityTypes.ConversationUpdate => activity.MembersAdded is { Count: > 0 },
        _ => false,
    };

    /// <summary>
    /// Teams puts "&lt;at&gt;Bot name&lt;/at&gt;" into the text of group messages addressed to the bot; the dialogs should see
    /// only what the user asked.
    /// </summary>
    public static void RemoveRecipientMention(Activity activity)
    {
        if (activity.Type != ActivityTypes.Message || activity.Text is null || activity.Recipient?.Id is not { Length: > 0 } botId
            || activity.Entities is null)
        {
            return;
        }

        foreach (var entity in activity.Entities)
        {
            if ((string?)entity["type"] == "mention" && entity["mentioned"] is JsonObject mentioned
                && (string?)mentioned["id"] == botId && entity["text"] is JsonValue textNode
                && textNode.TryGetValue<string>(out var mentionText) && mentionText.Length > 0)
            {
                activity.Text = activity.Text.Replace(mentionText, "", StringComparison.Ordinal).Trim();
            }
        }
    }

    /// <summary>
    /// Addresses a reply the Bot Framework way: from the account the activity was sent to (e.g. "28:&lt;app id&gt;" in
    /// Teams), to its sender, in its conversation with all the conversation's fields (Teams needs e.g. tenantId).
    /// </summary>
    public static Activity ToConnectorReply(Activity reply, Activity inbound)
    {
        var result = reply.Clone();
        result.Id = null;
        result.ChannelId = inbound.ChannelId;
        result.ServiceUrl = inbound.ServiceUrl;
        result.ReplyToId = inbound.Id;
        result.Conversation = Copy(inbound.Conversation);
        if (inbound.Recipient is { Id.Length: > 0 } bot)
        {
            result.From = new ChannelAccount { Id = bot.Id, Name = bot.Name ?? reply.From?.Name, Role = "bot" };
        }

        if (Copy(inbound.From) is { } user)
        {
            user.Role ??= "user";
            result.Recipient = user;
        }

        return result;
    }

    private static T? Copy<T>(T? value) where T : class =>
        value is null ? null : JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(value, ActivityJson.Options), ActivityJson.Options);
}

/// <summary>The Bot Framework ExpectedReplies body: <c>{"activities":[…]}</c>.</summary>
public sealed class ExpectedReplies
{
    [JsonPropertyName("activities")]
    public required IReadOnlyList<Activity> Activities { get; init; }
}
