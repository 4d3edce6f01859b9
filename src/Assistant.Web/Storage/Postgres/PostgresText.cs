using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// PostgreSQL text cannot hold U+0000 (nor can jsonb hold <c>\u0000</c>), where SQLite takes it. User text that carries
/// one (a hostile or broken client) is stored with U+FFFD in its place rather than failing the turn.
/// </summary>
internal static class PostgresText
{
    private const char Replacement = '\uFFFD';

    private static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Text(string value) => value.Contains('\0', StringComparison.Ordinal) ? value.Replace('\0', Replacement) : value;

    public static string? Text(string? value, bool nullable) => value is null ? null : Text(value);

    /// <summary>The JSON with every U+0000 in its strings replaced; unchanged (same text) when it has none.</summary>
    public static string Json(string json) =>
        json.Contains("\\u0000", StringComparison.OrdinalIgnoreCase) || json.Contains('\0', StringComparison.Ordinal)
            ? Clean(JsonNode.Parse(json.Replace('\0', Replacement)))?.ToJsonString(Options) ?? "null"
            : json;

    private static JsonNode? Clean(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(Text(p.Key), Clean(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Clean).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(Text(v.GetValue<string>())),
        _ => node?.DeepClone(),
    };
}
