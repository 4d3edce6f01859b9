using System.Text.Json;
using System.Text.Json.Serialization;

namespace Assistant.Core.Activities;

/// <summary>
/// Source-generated serialization metadata for activities, so the hot path (every posted, stored and streamed
/// activity) runs without reflection. It is used through <see cref="ActivityJson.Options"/>, whose settings (names,
/// nulls, encoder, timestamp format) decide the output, which therefore stays byte for byte what it was.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(List<Activity>))]
[JsonSerializable(typeof(IReadOnlyList<Activity>))]
internal sealed partial class ActivityJsonContext : JsonSerializerContext;
