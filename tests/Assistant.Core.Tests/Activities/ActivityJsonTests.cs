using System.Text.Json.Nodes;

namespace Assistant.Core.Tests.Activities;

public sealed class ActivityJsonTests
{
    // What Web Chat 4.18.1 posts for a typed message (the schema's own shape, abridged from a real capture).
    private const string WebChatMessage = """
        {"type":"message","text":"Where is the town hall?","textFormat":"plain","channelId":"webchat",
         "from":{"id":"r_k3j9x0a1b2","role":"user"},"locale":"de-DE",
         "localTimestamp":"2026-05-20T12:15:30.123+02:00","localTimezone":"Europe/Berlin","attachments":[],
         "channelData":{"attachmentSizes":[],"clientActivityID":"p8x2k1m9q0z"},
         "entities":[{"type":"ClientCapabilities","requiresBotState":true,"supportsListening":true,"supportsTts":true}],
         "deliveryMode":"stream"}
        """;

    private const string BotReply = """
        {"type":"message","id":"c7f|0000005","timestamp":"2026-05-20T10:15:31.002Z","channelId":"directline",
         "conversation":{"id":"c7f"},"from":{"id":"city-assistant","name":"Stadt-Assistent","role":"bot"},
         "recipient":{"id":"r_k3j9x0a1b2","role":"user"},"replyToId":"c7f|0000004","locale":"de-DE",
         "textFormat":"markdown","text":"Das **Rathaus** ist …","inputHint":"expectingInput",
         "suggestedActions":{"actions":[{"type":"imBack","title":"Öffnungszeiten","value":"Öffnungszeiten"}]}}
        """;

    [Fact]
    public void Web_Chat_message_reads_every_field_it_uses()
    {
        var activity = ActivityJson.Deserialize(WebChatMessage);

        Assert.Equal("message", activity.Type);
        Assert.Equal("Where is the town hall?", activity.Text);
        Assert.Equal("r_k3j9x0a1b2", activity.From?.Id);
        Assert.Equal("user", activity.From?.Role);
        Assert.Equal("de-DE", activity.Locale);
        Assert.Equal("p8x2k1m9q0z", activity.ClientActivityId);
        Assert.Equal(new DateTimeOffset(2026, 5, 20, 12, 15, 30, 123, TimeSpan.FromHours(2)), activity.LocalTimestamp);
        Assert.Single(activity.Entities!);
    }

    [Fact]
    public void Unknown_fields_survive_a_round_trip()
    {
        var json = ActivityJson.Serialize(ActivityJson.Deserialize(WebChatMessage));
        var node = JsonNode.Parse(json)!;

        Assert.Equal("Europe/Berlin", (string?)node["localTimezone"]);
        Assert.Equal("stream", (string?)node["deliveryMode"]);
        Assert.Equal("2026-05-20T12:15:30.123+02:00", (string?)node["localTimestamp"]);
        Assert.True((bool?)node["entities"]![0]!["supportsTts"]);
        Assert.Equal("p8x2k1m9q0z", (string?)node["channelData"]!["clientActivityID"]);
    }

    [Fact]
    public void Bot_reply_serializes_with_the_schema_names_and_no_nulls()
    {
        var reparsed = JsonNode.Parse(ActivityJson.Serialize(ActivityJson.Deserialize(BotReply)))!.AsObject();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(BotReply), reparsed), reparsed.ToJsonString());
        Assert.DoesNotContain(reparsed, p => p.Value is null);
    }

    [Fact]
    public void Timestamps_are_written_in_UTC_with_milliseconds()
    {
        var activity = new Activity { Timestamp = new DateTimeOffset(2026, 11, 28, 9, 1, 2, 3, TimeSpan.Zero) };

        var node = JsonNode.Parse(ActivityJson.Serialize(activity))!;

        Assert.Equal("2026-11-28T09:01:02.003Z", (string?)node["timestamp"]);
    }

    [Fact]
    public void Clone_is_deep()
    {
        var original = ActivityJson.Deserialize(WebChatMessage);
        var copy = original.Clone();
        copy.From!.Id = "changed";
        copy.ChannelData!["clientActivityID"] = "other";

        Assert.Equal("r_k3j9x0a1b2", original.From!.Id);
        Assert.Equal("p8x2k1m9q0z", original.ClientActivityId);
    }
}
