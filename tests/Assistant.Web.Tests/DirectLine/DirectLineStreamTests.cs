using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.DirectLine;

public sealed class DirectLineStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_stream_replays_the_welcome_then_pushes_echo_and_reply_as_activity_sets()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(dl.StreamUrl!), Ct);

        var received = new List<JsonObject>();
        var welcome = await ReceiveUntilAsync(socket, received, a => a["suggestedActions"] is not null);
        var id = await dl.PostMessageAsync("помощ", Ct, clientActivityId: "ws-1");
        await ReceiveUntilAsync(socket, received, a => (string?)a["replyToId"] == id);

        Assert.StartsWith("Здравейте", DirectLineClient.TextOf(welcome[0]), StringComparison.Ordinal);
        Assert.All(received, set => Assert.Equal(System.Text.Json.JsonValueKind.String, set["watermark"]!.GetValueKind()));
        var activities = received.SelectMany(s => s["activities"]!.AsArray()).ToList();
        var echoIndex = activities.FindIndex(a => (string?)a!["id"] == id);
        var replyIndex = activities.FindIndex(a => (string?)a!["replyToId"] == id);
        Assert.True(echoIndex >= 0 && replyIndex > echoIndex, "the echo comes before the reply");
        Assert.Equal("ws-1", (string?)activities[echoIndex]!["channelData"]!["clientActivityID"]);
        Assert.Equal(activities.Count, activities.Select(a => (string?)a!["id"]).Distinct().Count());
    }

    [Fact]
    public async Task Reconnecting_with_a_watermark_gives_a_new_stream_url_that_replays_only_what_was_missed()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        var id = await dl.PostMessageAsync("помощ", Ct);
        await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct, watermark);

        var reconnect = await dl.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{dl.ConversationId}?watermark={watermark}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, reconnect.StatusCode);
        var body = (await reconnect.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.NotNull(body["token"]);
        var streamUrl = (string)body["streamUrl"]!;
        Assert.Contains("watermark=" + watermark, streamUrl, StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(streamUrl), Ct);
        var sets = new List<JsonObject>();
        await ReceiveUntilAsync(socket, sets, a => (string?)a["replyToId"] == id);
        var ids = sets.SelectMany(s => s["activities"]!.AsArray()).Select(a => (string?)a!["id"]).ToList();
        Assert.Equal(id, ids[0]);
        Assert.DoesNotContain(ids, i => i!.EndsWith("|0000001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Messages_posted_all_at_once_reach_the_stream_each_once_in_log_order_as_the_log_lists_them()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(dl.StreamUrl!), Ct);
        var received = new List<JsonObject>();
        await ReceiveUntilAsync(socket, received, a => a["suggestedActions"] is not null);

        // Posts and replies of one conversation race each other to the open stream.
        var ids = await Task.WhenAll(Enumerable.Range(1, 12).Select(i => dl.PostMessageAsync(i % 2 == 0 ? "помощ" : "help", Ct)));
        foreach (var id in ids)
        {
            if (!received.SelectMany(s => s["activities"]!.AsArray()).Any(a => (string?)a!["replyToId"] == id))
            {
                await ReceiveUntilAsync(socket, received, a => (string?)a["replyToId"] == id);
            }
        }

        var streamed = received.SelectMany(s => s["activities"]!.AsArray()).Select(a => (string)a!["id"]!).ToList();
        var (logged, _) = await dl.GetActivitiesAsync(null, Ct);
        var listed = logged.Select(a => (string)a!["id"]!).ToList();
        Assert.Equal(listed.Take(streamed.Count), streamed);
        Assert.All(ids, id => Assert.Contains(id, streamed));
        Assert.All(received, set => Assert.Equal(
            long.Parse(((string)set["activities"]!.AsArray()[^1]!["id"]!).Split('|')[1], System.Globalization.CultureInfo.InvariantCulture),
            long.Parse((string)set["watermark"]!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task A_stream_url_of_one_conversation_does_not_open_another()
    {
        await using var server = AssistantServer.Start();
        var alice = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var bob = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var stolen = alice.StreamUrl!.Replace(alice.ConversationId!, bob.ConversationId!, StringComparison.Ordinal);

        using var socket = new ClientWebSocket();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(stolen), Ct));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_from_a_foreign_origin_is_refused()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "https://evil.example");
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(dl.StreamUrl!), Ct));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_stream_ticket_is_refused()
    {
        var clock = new ManualClock();
        await using var server = AssistantServer.Start(clock: clock);
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        clock.Advance(TimeSpan.FromSeconds(61));

        using var socket = new ClientWebSocket();
        var error = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(dl.StreamUrl!), Ct));

        Assert.Contains("403", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<JsonObject>> ReceiveUntilAsync(WebSocket socket, List<JsonObject> sets, Func<JsonObject, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        var seen = new List<JsonObject>();
        while (true)
        {
            var set = await DirectLineClient.ReceiveSetAsync(socket, timeout.Token) ?? throw new InvalidOperationException("The server closed the stream.");
            sets.Add(set);
            var activities = set["activities"]!.AsArray().Select(a => a!.AsObject()).ToList();
            seen.AddRange(activities);
            if (activities.Any(match))
            {
                return seen;
            }
        }
    }
}
