using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Assistant.Core.Activities;

/// <summary>
/// Serializer settings for activities: schema names, nulls omitted, timestamps in UTC with milliseconds. Activities
/// use source-generated metadata (<see cref="ActivityJsonContext"/>); other types (request bodies) fall back to reflection.
/// </summary>
public static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new IsoTimestampConverter());
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(ActivityJsonContext.Default, new DefaultJsonTypeInfoResolver());
        options.MakeReadOnly();
        return options;
    }

    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, Options);

    public static Activity Deserialize(string json) =>
        JsonSerializer.Deserialize<Activity>(json, Options) ?? throw new JsonException("The activity is null.");

    /// <summary>Writes timestamps as ISO 8601 with three fraction digits, keeping the offset the value carries.</summary>
    private sealed class IsoTimestampConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
            && DateTimeOffset.TryParse(reader.GetString(), System.Globalization.CultureInfo.InvariantCulture,
                System.Globalization.DateTimeStyles.RoundtripKind, out var value)
                ? value
                : throw new JsonException("A timestamp must be an ISO 8601 string.");

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Offset == TimeSpan.Zero
                ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture)
                : value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", System.Globalization.CultureInfo.InvariantCulture));
    }
}
