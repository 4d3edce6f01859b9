using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Core.Conversation;

/// <summary>
/// Source-generated serialization metadata for the state documents every turn reads and writes (the conversation's
/// and the user's). It is used through <see cref="DialogJson.Options"/>, whose settings decide the output, so
/// documents stored before it keep their shape and still load.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ConversationState))]
[JsonSerializable(typeof(UserState))]
internal sealed partial class DialogJsonContext : JsonSerializerContext;
