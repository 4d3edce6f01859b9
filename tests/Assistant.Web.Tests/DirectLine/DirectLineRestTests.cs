using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Assistant.Core.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.DirectLine;

public sealed class DirectLineRestTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Posting_a_message_echoes_it_with_its_client_id_and_the_bot_replies_to_that_id()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (welcome, watermark) = await dl.PollUntilAsync(a => DirectLineClient.TextOf(a).StartsWith("Здравейте", StringComparison.Ordinal), Ct);

        var id = await dl.PostMessageAsync("помощ", Ct, clientActivityId: "client-42");
        var (after, _) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct, watermark);

        var echo = after.Single(a => (string?)a!["id"] == id)!;
        Assert.Equal("client-42", (string?)echo["channelData"]!["clientActivityID"]);
        Assert.Equal("user", (string?)echo["from"]!["role"]);
        Assert.StartsWith("dl_", (string?)echo["from"]!["id"], StringComparison.Ordinal);
        Assert.NotEqual("whoever", (string?)echo["from"]!["id"]);
        var reply = after.First(a => (string?)a!["replyToId"] == id)!;
        Assert.Equal("bot", (string?)reply["from"]!["role"]);
        Assert.StartsWith("Ето как да разговаряте с мен", DirectLineClient.TextOf(reply), StringComparison.Ordinal);
        Assert.All(welcome.Concat(after), a => Assert.EndsWith("Z", (string?)a!["timestamp"], StringComparison.Ordinal));
        var times = welcome.Concat(after).Select(a => DateTimeOffset.Parse((string)a!["timestamp"]!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
        Assert.Equal(times.Count, times.Distinct().Count());
    }

    [Fact]
    public async Task A_message_costs_two_durable_commits_its_acknowledgement_and_its_whole_turn()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var runner = server.Services.GetRequiredService<Assistant.Web.Channels.DirectLine.DirectLineTurnRunner>();
        var database = server.Services.GetRequiredService<Assistant.Web.Storage.Sqlite.SqliteDatabase>();
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);
        var first = await dl.PostMessageAsync("помощ", Ct);
        (_, watermark) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == first, Ct, watermark);
        await runner.WaitIdleAsync(Ct);
        var before = database.CommittedBatches;

        var id = await dl.PostMessageAsync("help", Ct);
        var (after, _) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct, watermark);
        await runner.WaitIdleAsync(Ct);

        // The post is acknowledged once its activity is durable; the turn's state, transcript and replies follow in one more.
        Assert.Equal(2, database.CommittedBatches - before);
        Assert.Contains(after, a => (string?)a!["replyToId"] == id && DirectLineClient.TextOf(a!).Length > 0);
        var transcript = await server.Services.GetRequiredService<ITranscriptStore>().ReadAsync("directline/" + dl.ConversationId, Ct);
        Assert.Contains(transcript, e => e.ActivityId == id && e.Direction == TranscriptEntry.Inbound);
    }

    [Fact]
    public async Task Watermark_returns_only_what_came_after_it_and_is_a_string()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (first, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);

        var (none, same) = await dl.GetActivitiesAsync(watermark, Ct);
        Assert.Empty(none);
        Assert.Equal(watermark, same);

        var id = await dl.PostMessageAsync("помощ", Ct);
        var (next, _) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct, watermark);
        Assert.DoesNotContain(next, a => first.Any(f => (string?)f!["id"] == (string?)a!["id"]));
    }

    [Fact]
    public async Task Generate_needs_the_secret_and_the_new_conversation_starts_once()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var anonymous = await http.PostAsync("/v3/directline/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        await AssertErrorShapeAsync(anonymous);

        var dl = new DirectLineClient(http) { Token = AssistantServer.Secret };
        var generated = await dl.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", new { user = new { id = "dl_fixed_user" } }, Ct);
        Assert.Equal(HttpStatusCode.OK, generated.StatusCode);
        var body = (await generated.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(1800, (int)body["expires_in"]!);
        dl.Token = (string)body["token"]!;

        var withToken = await dl.SendAsync(HttpMethod.Post, "/v3/directline/tokens/generate", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);

        var start = await dl.SendAsync(HttpMethod.Post, "/v3/directline/conversations", null, Ct);
        Assert.Equal(HttpStatusCode.Created, start.StatusCode);
        var conversation = (await start.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal((string)body["conversationId"]!, (string)conversation["conversationId"]!);
        Assert.StartsWith($"ws://{server.BaseAddress.Authority}/v3/directline/conversations/", (string)conversation["streamUrl"]!, StringComparison.Ordinal);
        Assert.NotNull(conversation["token"]);

        var again = await dl.SendAsync(HttpMethod.Post, "/v3/directline/conversations", null, Ct);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        dl.ConversationId = (string)conversation["conversationId"]!;
        var id = await dl.PostMessageAsync("помощ", Ct);
        var (activities, _) = await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct);
        Assert.Equal("dl_fixed_user", (string?)activities.Single(a => (string?)a!["id"] == id)!["from"]!["id"]);
    }

    [Fact]
    public async Task Refresh_gives_a_working_token_for_the_same_conversation()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        var refreshed = await dl.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null, Ct);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = (await refreshed.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(dl.ConversationId, (string)body["conversationId"]!);
        dl.Token = (string)body["token"]!;

        await dl.PostMessageAsync("помощ", Ct);

        var secret = new DirectLineClient(server.NewClient()) { Token = AssistantServer.Secret };
        var refreshSecret = await secret.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, refreshSecret.StatusCode);
    }

    [Fact]
    public async Task A_token_cannot_read_post_to_or_reconnect_to_another_conversation()
    {
        await using var server = AssistantServer.Start();
        var alice = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var bob = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        var read = await alice.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{bob.ConversationId}/activities", null, Ct);
        var post = await alice.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{bob.ConversationId}/activities",
            new { type = "message", text = "hi bob" }, Ct);
        var reconnect = await alice.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{bob.ConversationId}?watermark=", null, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reconnect.StatusCode);
        await AssertErrorShapeAsync(post);
        var (bobs, _) = await bob.GetActivitiesAsync(null, Ct);
        Assert.DoesNotContain(bobs, a => DirectLineClient.TextOf(a!) == "hi bob");
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_cannot_be_refreshed()
    {
        var clock = new ManualClock();
        await using var server = AssistantServer.Start(clock: clock);
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        clock.Advance(TimeSpan.FromSeconds(1801));

        var post = await dl.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities",
            new { type = "message", text = "late" }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        var error = (await post.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal("TokenExpired", (string?)error["error"]!["code"]);

        var refresh = await dl.SendAsync(HttpMethod.Post, "/v3/directline/tokens/refresh", null, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var parts = dl.Token!.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);

        var response = await dl.SendAsync(HttpMethod.Get, $"/v3/directline/conversations/{dl.ConversationId}/activities", null, Ct, forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("{\"type\":\"message\",\"text\":", "application/json", 400, "BadArgument")]
    [InlineData("{\"text\":\"no type\",\"type\":\"\"}", "application/json", 400, "MissingProperty")]
    [InlineData("type=message&text=hi", "application/x-www-form-urlencoded", 415, "BadArgument")]
    [InlineData("null", "application/json", 400, "BadArgument")]
    public async Task Bad_bodies_get_a_clear_error_and_the_conversation_keeps_working(string body, string contentType, int status, string code)
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var http = server.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities")
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", dl.Token);

        var response = await http.SendAsync(request, Ct);

        Assert.Equal(status, (int)response.StatusCode);
        var error = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.Equal(code, (string?)error["error"]!["code"]);
        var id = await dl.PostMessageAsync("помощ", Ct);
        await dl.PollUntilAsync(a => (string?)a["replyToId"] == id, Ct);
    }

    [Fact]
    public async Task An_oversized_activity_is_refused_with_413()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        var response = await dl.SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{dl.ConversationId}/activities",
            new { type = "message", text = new string('я', 200_000) }, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Reposting_the_same_client_activity_has_one_effect()
    {
        await using var server = AssistantServer.Start();
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);

        var first = await dl.PostMessageAsync("помощ", Ct, clientActivityId: "same-key");
        var second = await dl.PostMessageAsync("помощ", Ct, clientActivityId: "same-key");
        await dl.PollUntilAsync(a => (string?)a["replyToId"] == first, Ct);
        await Task.Delay(300, Ct);

        Assert.Equal(first, second);
        var (all, _) = await dl.GetActivitiesAsync(null, Ct);
        Assert.Single(all, a => (string?)a!["channelData"]?["clientActivityID"] == "same-key");
        Assert.Single(all, a => DirectLineClient.TextOf(a!).StartsWith("Ето как", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_chat_token_endpoint_is_rate_limited_per_client_with_retry_after()
    {
        await using var server = AssistantServer.Start(settings: new() { ["RateLimits:ChatTokenPerMinute"] = "3" });
        var http = server.NewClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last = await http.PostAsync("/api/chat/token", null, Ct);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last!.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
    }

    private static async Task AssertErrorShapeAsync(HttpResponseMessage response)
    {
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!;
        Assert.False(string.IsNullOrEmpty((string?)body["error"]?["code"]));
        Assert.False(string.IsNullOrEmpty((string?)body["error"]?["message"]));
    }
}
