using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.Support;

/// <summary>A small Direct Line 3.0 client speaking the wire protocol the way DirectLineJS does.</summary>
public sealed class DirectLineClient(HttpClient http)
{
    public string? Token { get; set; }
    public string? ConversationId { get; set; }
    public string? StreamUrl { get; private set; }

    public static async Task<DirectLineClient> StartAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var client = new DirectLineClient(http);
        var token = await http.PostAsync("/api/chat/token", JsonContent.Create(new { locale = "bg-BG" }), cancellationToken);
        token.EnsureSuccessStatusCode();
        var body = (await token.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        client.Token = (string)body["token"]!;
        var start = await client.SendAsync(HttpMethod.Post, "/v3/directline/conversations", null, cancellationToken);
        Assert.True(start.IsSuccessStatusCode, $"start: {start.StatusCode}");
        var conversation = (await start.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        client.ConversationId = (string)conversation["conversationId"]!;
        client.Token = (string)conversation["token"]!;
        client.StreamUrl = (string)conversation["streamUrl"]!;
        return client;
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? json, CancellationToken cancellationToken,
        string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        if (json is not null)
        {
            request.Content = json is string raw
                ? new StringContent(raw, Encoding.UTF8, "application/json")
                : JsonContent.Create(json);
        }

        return http.SendAsync(request, cancellationToken);
    }

    public async Task<string> PostMessageAsync(string text, CancellationToken cancellationToken, string? clientActivityId = null)
    {
        var response = await SendAsync(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities", new
        {
            type = "message",
            text,
            from = new { id = "whoever", role = "user" },
            locale = "bg-BG",
            channelData = new { clientActivityID = clientActivityId ?? Guid.NewGuid().ToString("N") },
        }, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        return (string)body["id"]!;
    }

    public async Task<(JsonArray Activities, string Watermark)> GetActivitiesAsync(string? watermark, CancellationToken cancellationToken)
    {
        var response = await SendAsync(HttpMethod.Get,
            $"/v3/directline/conversations/{ConversationId}/activities?watermark={Uri.EscapeDataString(watermark ?? "")}", null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var set = (await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!;
        return (set["activities"]!.AsArray(), (string)set["watermark"]!);
    }

    /// <summary>Polls until an activity matches or the time is up.</summary>
    public async Task<(JsonArray All, string Watermark)> PollUntilAsync(Func<JsonNode, bool> match, CancellationToken cancellationToken,
        string? watermark = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var all = new JsonArray();
        var mark = watermark;
        while (DateTime.UtcNow < deadline)
        {
            var (activities, next) = await GetActivitiesAsync(mark, cancellationToken);
            mark = next;
            foreach (var a in activities.ToList())
            {
                activities.Remove(a);
                all.Add(a);
            }

            if (all.Any(a => a is not null && match(a)))
            {
                return (all, mark!);
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException("No matching activity arrived: " + all.ToJsonString());
    }

    /// <summary>Posts a message and waits for a reply to it containing <paramref name="expect"/>; returns the new watermark.</summary>
    public async Task<string> SayAsync(string text, string expect, string watermark, CancellationToken cancellationToken)
    {
        var id = await PostMessageAsync(text, cancellationToken);
        var (_, next) = await PollUntilAsync(a => (string?)a["replyToId"] == id && TextOf(a).Contains(expect, StringComparison.Ordinal),
            cancellationToken, watermark);
        return next;
    }

    public static async Task<JsonObject?> ReceiveSetAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                if (message.Length == 0)
                {
                    continue;
                }

                return JsonNode.Parse(message.ToArray())!.AsObject();
            }
        }
    }

    public static string TextOf(JsonNode activity) => (string?)activity["text"] ?? "";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
