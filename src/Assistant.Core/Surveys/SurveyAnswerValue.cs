using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Core.Surveys;

/// <summary>
/// One stored answer, serialized as the value JSON of <see cref="Storage.SurveyAnswer"/>:
/// <c>{"option":"often"}</c> (yes-no: <c>{"option":"yes"}</c>), <c>{"options":["a","b"],"other":"…"}</c>, <c>{"value":4}</c>, <c>{"text":"…"}</c>,
/// <c>{"skipped":true}</c>.
/// </summary>
public sealed record SurveyAnswerValue
{
    public const string OtherOptionId = "other";

    [JsonPropertyName("option")]
    public string? Option { get; init; }

    [JsonPropertyName("options")]
    public IReadOnlyList<string>? Options { get; init; }

    [JsonPropertyName("other")]
    public string? Other { get; init; }

    [JsonPropertyName("value")]
    public decimal? Value { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("skipped")]
    public bool? Skipped { get; init; }

    public static readonly SurveyAnswerValue Skip = new() { Skipped = true };

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SurveyAnswerValue FromJson(string json) => JsonSerializer.Deserialize<SurveyAnswerValue>(json, Json) ?? Skip;

    /// <summary>Whether a show-if rule on this answer is met.</summary>
    public bool Satisfies(ShowIf rule)
    {
        if (Skipped == true)
        {
            return false;
        }

        if (rule.AnyOf is { Count: > 0 } anyOf)
        {
            if (Option is not null)
            {
                return anyOf.Contains(Option);
            }

            if (Options is not null)
            {
                return Options.Any(anyOf.Contains);
            }

            return false;
        }

        return Value is { } v && (rule.Min is null || v >= rule.Min) && (rule.Max is null || v <= rule.Max);
    }
}
