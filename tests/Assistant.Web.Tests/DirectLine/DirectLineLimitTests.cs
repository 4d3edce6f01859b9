using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.DirectLine;

namespace Assistant.Web.Tests.DirectLine;

/// <summary>
/// The limits an attacker met on a running server: the per-IP limit on posts, the per-conversation budget that junk
/// tokens must not spend, single-use stream URLs and the caps on open streams.
/// </summary>
public sealed class DirectLineLimitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_thousand_posts_from_one_address_get_429_once_the_per_ip_budget_is_spent()
    {
        // The conversation's own budget is far away: only the per-IP limit can stop this.
        await using var server = AssistantServer.Start(settings: new()
        {
            ["RateLimits:DirectLinePerMinute"] = "100",
            ["RateLimits:ConversationMessagesPerMinute"] = "100000",
        });
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct); // POST /conversations: 1 of the 100

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 1000; i++)
        {
            using var response = await dl.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities",
                new { type = "message", text = "спам " + i.ToString(CultureInfo.InvariantCulture) }, Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && limited is null)
            {
                limited = response;
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
                Assert.Equal("TooManyRequests", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["error"]!["code"]);
            }
        }

        Assert.All(statuses.Take(99), s => Assert.Equal(HttpStatusCode.OK, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[99]);
        // Everything after the budget is refused (a window that turns during the loop may let one more budget through).
        Assert.True(statuses.Count(s => s == HttpStatusCode.OK) <= 99 + 100, string.Join(",", statuses.Distinct()));
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 800);
        Assert.DoesNotContain(statuses, s => s != HttpStatusCode.OK && s != HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Posts_with_junk_tokens_do_not_spend_a_conversations_budget()
    {
        await using var server = AssistantServer.Start(settings: new() { ["RateLimits:ConversationMessagesPerMinute"] = "3" });
        var victim = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var attacker = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var parts = victim.Token!.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);
        string[] junk = ["junk", forged, attacker.Token!];

        var refused = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await attacker.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{victim.ConversationId}/activities",
                new { type = "message", text = "чуждо " + i.ToString(CultureInfo.InvariantCulture) }, Ct, token: junk[i % junk.Length]);
            refused.Add(response.StatusCode);
        }

        Assert.All(refused, s => Assert.Equal(HttpStatusCode.Forbidden, s));
        // The victim's whole budget is still there ...
        var id = await victim.PostMessageAsync("помощ", Ct);
        await victim.PostMessageAsync("помощ", Ct);
        await victim.PostMessageAsync("помощ", Ct);
        var (activities, _) = await victim.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct);
        Assert.DoesNotContain(activities, a => DirectLineClient.TextOf(a!).StartsWith("чуждо", StringComparison.Ordinal));
        // ... and it is the victim's own: the fourth message is over it.
        using var fourth = await victim.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{victim.ConversationId}/activities",
            new { type = "message", text = "още" }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
    }

    [Fact]
    public async Task Posts_with_junk_tokens_count_against_their_own_address()
    {
        await using var server = AssistantServer.Start(settings: new() { ["RateLimits:DirectLinePerMinute"] = "5" });
        var http = server.NewClient();
        var junk = new DirectLineClient(http) { Token = "junk" };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await junk.SendAsync(HttpMethod.Post, "/v3/directline/conversations/someone/activities",
                new { type = "message", text = "x" }, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Forbidden, 5), HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task A_stream_url_opens_one_socket_and_reconnecting_gives_a_new_one()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        using (var first = new ClientWebSocket())
        {
            await first.ConnectAsync(new Uri(dl.StreamUrl!), Ct);
            using var second = new ClientWebSocket();
            var error = await Assert.ThrowsAsync<WebSocketException>(() => second.ConnectAsync(new Uri(dl.StreamUrl!), Ct));
            Assert.Contains("403", error.Message, StringComparison.Ordinal);
            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        }

        // Not after the first socket closed either: a client that lost its socket asks for a new URL, as DirectLineJS does.
        using var again = new ClientWebSocket();
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => again.ConnectAsync(new Uri(dl.StreamUrl!), Ct));
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);

        using var fresh = new ClientWebSocket();
        await fresh.ConnectAsync(new Uri(await NewStreamUrlAsync(dl, "")), Ct);
        Assert.Equal(WebSocketState.Open, fresh.State);
    }

    [Fact]
    public async Task More_streams_than_the_per_ip_cap_are_refused_until_one_closes()
    {
        await using var server = AssistantServer.Start(settings: new()
        {
            ["RateLimits:DirectLineStreamsPerIp"] = "3",
            ["RateLimits:DirectLineStreamsPerConversation"] = "100",
        });
        var a = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var b = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var open = new List<ClientWebSocket>();
        try
        {
            foreach (var dl in new[] { a, a, b })
            {
                var socket = new ClientWebSocket();
                open.Add(socket);
                await socket.ConnectAsync(new Uri(await NewStreamUrlAsync(dl, "")), Ct);
            }

            using var fourth = new ClientWebSocket();
            var error = await Assert.ThrowsAsync<WebSocketException>(async () => await fourth.ConnectAsync(new Uri(await NewStreamUrlAsync(b, "")), Ct));
            Assert.Contains("429", error.Message, StringComparison.Ordinal);

            await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
            using var afterClose = await ConnectWithinAsync(b, TimeSpan.FromSeconds(10));
            Assert.Equal(WebSocketState.Open, afterClose.State);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task More_streams_than_the_per_conversation_cap_are_refused_and_other_conversations_still_stream()
    {
        await using var server = AssistantServer.Start(settings: new() { ["RateLimits:DirectLineStreamsPerConversation"] = "2" });
        var busy = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var other = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        using var one = new ClientWebSocket();
        using var two = new ClientWebSocket();
        await one.ConnectAsync(new Uri(busy.StreamUrl!), Ct);
        await two.ConnectAsync(new Uri(await NewStreamUrlAsync(busy, "")), Ct);
        using var three = new ClientWebSocket();
        var error = await Assert.ThrowsAsync<WebSocketException>(async () => await three.ConnectAsync(new Uri(await NewStreamUrlAsync(busy, "")), Ct));
        using var elsewhere = new ClientWebSocket();
        await elsewhere.ConnectAsync(new Uri(other.StreamUrl!), Ct);

        Assert.Contains("429", error.Message, StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, elsewhere.State);
    }

    [Fact]
    public async Task A_socket_opened_after_a_reconnect_with_a_watermark_gets_only_newer_activities()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        string watermark;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using (var first = new ClientWebSocket())
        {
            await first.ConnectAsync(new Uri(dl.StreamUrl!), Ct);
            var id = await dl.PostMessageAsync("помощ", Ct);
            watermark = "0";
            while (true)
            {
                var set = await ReceiveAsync(first);
                watermark = (string)set["watermark"]!;
                var activities = set["activities"]!.AsArray();
                seen.UnionWith(activities.Select(a => (string)a!["id"]!));
                if (activities.Any(a => (string?)a!["replyToId"] == id))
                {
                    break;
                }
            }

            await first.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Ct);
        }

        // Missed while away; then the documented reconnect with the last watermark.
        var missed = await dl.PostMessageAsync("English", Ct);
        using var second = new ClientWebSocket();
        await second.ConnectAsync(new Uri(await NewStreamUrlAsync(dl, watermark)), Ct);
        var replayed = new List<JsonNode>();
        while (!replayed.Any(a => (string?)a["replyToId"] == missed))
        {
            replayed.AddRange((await ReceiveAsync(second))["activities"]!.AsArray().Select(a => a!));
        }

        Assert.True(seen.Count >= 3, "the first socket saw the greeting, the echo and the reply");
        Assert.Equal(missed, (string?)replayed[0]["id"]);
        Assert.DoesNotContain(replayed, a => seen.Contains((string)a["id"]!));
        Assert.All(replayed, a => Assert.True(Sequence(a) > long.Parse(watermark, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_used_stream_ticket_is_remembered_until_it_expires_then_forgotten()
    {
        var clock = new ManualClock();
        using var limits = new DirectLineLimits(new DirectLineLimitSettings(60, 20, 3), clock);
        var expires = clock.GetUtcNow().AddSeconds(60);

        Assert.True(limits.TryUseStreamTicket("first", expires));
        Assert.False(limits.TryUseStreamTicket("first", expires));
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(limits.TryUseStreamTicket("second", clock.GetUtcNow().AddSeconds(60)));

        Assert.Equal(1, limits.RememberedTickets);
    }

    private static long Sequence(JsonNode activity) =>
        long.Parse(((string)activity["id"]!).Split('|')[^1], CultureInfo.InvariantCulture);

    private static async Task<JsonObject> ReceiveAsync(WebSocket socket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        return await DirectLineClient.ReceiveSetAsync(socket, timeout.Token) ?? throw new InvalidOperationException("The server closed the stream.");
    }

    /// <summary>The reconnect call Web Chat makes before every new socket: <c>GET /conversations/{id}?watermark=</c>.</summary>
    private static async Task<string> NewStreamUrlAsync(DirectLineClient dl, string watermark)
    {
        using var response = await dl.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{dl.ConversationId}?watermark={watermark}", null, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        return (string)body["streamUrl"]!;
    }

    /// <summary>A closed socket frees its place once the server has seen the close; until then a new one may be refused.</summary>
    private static async Task<ClientWebSocket> ConnectWithinAsync(DirectLineClient dl, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var socket = new ClientWebSocket();
            try
            {
                await socket.ConnectAsync(new Uri(await NewStreamUrlAsync(dl, "")), Ct);
                return socket;
            }
            catch (WebSocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                await Task.Delay(100, Ct);
            }
        }
    }
}
