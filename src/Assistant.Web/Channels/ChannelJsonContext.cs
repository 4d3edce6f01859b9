using System.Text.Json;
using System.Text.Json.Serialization;
using Assistant.Web.Channels.BotConnector;
using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Channels;

/// <summary>Source-generated serialization metadata for <see cref="ChannelJson.Options"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActivitySet))]
[JsonSerializable(typeof(ExpectedReplies))]
internal sealed partial class ChannelJsonContext : JsonSerializerContext;
