using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Bench.Echo;

/// <summary>An activity with the fields the echo reads or sets; every other field is kept as received.</summary>
public sealed record EchoActivity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public DateTime? Timestamp { get; init; }
    public string? ChannelId { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public string? ReplyToId { get; init; }
    public string? Text { get; init; }
    public string? Locale { get; init; }

    // Settable, not init: System.Text.Json cannot fill extension data through an init accessor.
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

public sealed record ChannelAccount(string? Id, string? Name = null, string? Role = null);

public sealed record ConversationAccount(string Id);

public sealed record ActivitySet(EchoActivity[] Activities, string Watermark);

public sealed record ResourceResponse(string Id);

public sealed record StartParameters(ChannelAccount? User, string? Locale);

public sealed record ConversationResponse(
    string ConversationId,
    string Token,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    string StreamUrl);

public sealed record ErrorBody(string Code, string Message);

public sealed record ErrorResponse(ErrorBody Error);

/// <summary>Source-generated serializers: camelCase, nulls omitted, non-ASCII text written as UTF-8 (as the real server does).</summary>
[JsonSerializable(typeof(EchoActivity))]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(StartParameters))]
[JsonSerializable(typeof(ConversationResponse))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class EchoJson : JsonSerializerContext
{
    public static EchoJson Wire { get; } = new(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
