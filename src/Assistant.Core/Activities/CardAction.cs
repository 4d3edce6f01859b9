using System.Text.Json.Serialization;

namespace Assistant.Core.Activities;

/// <summary>A button. <c>imBack</c> posts <see cref="Value"/> as the user's text, so Value must be a string.</summary>
public sealed class CardAction
{
    [JsonPropertyName("type")]
    public string Type { get; set; } = "imBack";

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("value")]
    public string? Value { get; set; }

    [JsonPropertyName("text")]
    public string? Text { get; set; }

    [JsonPropertyName("displayText")]
    public string? DisplayText { get; set; }

    public static CardAction ImBack(string title, string value) => new() { Type = "imBack", Title = title, Value = value };
}
