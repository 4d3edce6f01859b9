using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Core.Conversation;

/// <summary>One entry of the dialog stack: which dialog, which content version it started with, and its typed state as JSON.</summary>
public sealed class DialogFrame
{
    [JsonPropertyName("dialogId")]
    public required string DialogId { get; init; }

    [JsonPropertyName("contentVersion")]
    public string? ContentVersion { get; init; }

    [JsonPropertyName("state")]
    public JsonElement? State { get; set; }
}
