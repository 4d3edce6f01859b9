using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Assistant.Core.Activities;

/// <summary>
/// The subset of the Bot Framework Activity schema the assistant uses, serialized with the schema's own
/// JSON names. Fields a client sends that are not modelled here are kept in <see cref="Extra"/> so they
/// survive a round trip.
/// </summary>
public sealed class Activity
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = ActivityTypes.Message;

    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; set; }

    [JsonPropertyName("localTimestamp")]
    public DateTimeOffset? LocalTimestamp { get; set; }

    [JsonPropertyName("channelId")]
    public string? ChannelId { get; set; }

    [JsonPropertyName("serviceUrl")]
    public string? ServiceUrl { get; set; }

    [JsonPropertyName("from")]
    public ChannelAccount? From { get; set; }

    [JsonPropertyName("conversation")]
    public ConversationAccount? Conversation { get; set; }

    [JsonPropertyName("recipient")]
    public ChannelAccount? Recipient { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("textFormat")]
    public string? TextFormat { get; set; }

    [JsonPropertyName("locale")]
    public string? Locale { get; set; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonPropertyName("value")]
    public JsonNode? Value { get; set; }

    [JsonPropertyName("attachments")]
    public List<Attachment>? Attachments { get; set; }

    [JsonPropertyName("suggestedActions")]
    public SuggestedActions? SuggestedActions { get; set; }

    [JsonPropertyName("inputHint")]
    public string? InputHint { get; set; }

    [JsonPropertyName("replyToId")]
    public string? ReplyToId { get; set; }

    [JsonPropertyName("channelData")]
    public JsonNode? ChannelData { get; set; }

    [JsonPropertyName("entities")]
    public List<JsonObject>? Entities { get; set; }

    [JsonPropertyName("membersAdded")]
    public List<ChannelAccount>? MembersAdded { get; set; }

    /// <summary>Fields the schema has but this model does not name (e.g. localTimezone, deliveryMode).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The client's echo key (<c>channelData.clientActivityID</c>) when present.</summary>
    [JsonIgnore]
    public string? ClientActivityId =>
        ChannelData is JsonObject data && data.TryGetPropertyValue("clientActivityID", out var node)
            && node is JsonValue value && value.TryGetValue<string>(out var id) && !string.IsNullOrWhiteSpace(id)
            ? id
            : null;

    public Activity Clone() => JsonSerializer.Deserialize<Activity>(JsonSerializer.Serialize(this, ActivityJson.Options), ActivityJson.Options)!;
}
