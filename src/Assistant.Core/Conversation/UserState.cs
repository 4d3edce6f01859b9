using System.Text.Json.Serialization;

namespace Assistant.Core.Conversation;

/// <summary>What the assistant remembers about one user of one channel across conversations.</summary>
public sealed class UserState
{
    /// <summary>The language the user chose explicitly (bg or en); wins over everything else.</summary>
    [JsonPropertyName("language")]
    public string? Language { get; set; }
}
