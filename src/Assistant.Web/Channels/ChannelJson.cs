using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Assistant.Core.Activities;

namespace Assistant.Web.Channels;

/// <summary>
/// Serializer settings for the bodies the channels send many activities in (the Direct Line activity set, on every
/// stream frame; the Bot Framework expected replies): <see cref="ActivityJson.Options"/>'s settings, with
/// source-generated metadata for those bodies as well, so the output is what <see cref="ActivityJson.Options"/> gives.
/// </summary>
public static class ChannelJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(ActivityJson.Options)
        {
            TypeInfoResolver = JsonTypeInfoResolver.Combine(ChannelJsonContext.Default, ActivityJson.Options.TypeInfoResolver!),
        };
        options.MakeReadOnly();
        return options;
    }
}
