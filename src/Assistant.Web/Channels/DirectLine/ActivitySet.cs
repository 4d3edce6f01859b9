using System.Globalization;
using System.Text.Json.Serialization;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>The Direct Line ActivitySet: activities and the watermark (a string) of the last one.</summary>
public sealed class ActivitySet
{
    [JsonPropertyName("activities")]
    public required IReadOnlyList<Activity> Activities { get; init; }

    [JsonPropertyName("watermark")]
    public required string Watermark { get; init; }

    public static ActivitySet From(IReadOnlyList<LoggedActivity> logged, long fallbackWatermark = 0) => new()
    {
        Activities = logged.Select(l => l.Activity).ToList(),
        Watermark = (logged.Count > 0 ? logged[^1].Sequence : fallbackWatermark).ToString(CultureInfo.InvariantCulture),
    };
}
