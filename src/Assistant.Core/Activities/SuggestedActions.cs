using System.Text.Json.Serialization;

namespace Assistant.Core.Activities;

public sealed class SuggestedActions
{
    [JsonPropertyName("to")]
    public List<string>? To { get; set; }

    [JsonPropertyName("actions")]
    public List<CardAction> Actions { get; set; } = [];
}
