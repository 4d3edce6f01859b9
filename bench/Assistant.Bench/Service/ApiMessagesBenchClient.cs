using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Assistant.Bench.Service;

/// <summary>
/// One conversation over a Bot Framework messaging endpoint (<c>POST /api/messages</c>) as a channel without
/// authentication sends it (the Bot Framework Emulator's local mode): each message goes with
/// <c>deliveryMode: "expectReplies"</c> and the turn ends when the response with the bot's replies arrives. The texts
/// of all the replies are returned. The same requests go to the assistant and to the JS SDK peer.
/// </summary>
internal sealed class ApiMessagesBenchClient(HttpClient http, string conversationId, string userId)
{
    private int _sent;

    public async Task<string> SendAsync(string text, string? locale, CancellationToken cancellationToken)
    {
        var activity = new
        {
            type = "message",
            id = $"{conversationId}-{++_sent}",
            channelId = "emulator",
            deliveryMode = "expectReplies",
            // Never called with expectReplies; both servers want an absolute address in the activity.
            serviceUrl = "http://127.0.0.1:9/",
            timestamp = DateTimeOffset.UtcNow,
            locale,
            from = new { id = userId, name = userId },
            recipient = new { id = "bench-bot", name = "bot" },
            conversation = new { id = conversationId },
            text,
        };
        using var response = await http.PostAsJsonAsync("/api/messages", activity, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"/api/messages: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        var texts = new StringBuilder();
        foreach (var reply in json.RootElement.GetProperty("activities").EnumerateArray())
        {
            if (reply.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            {
                texts.Append(t.GetString()).Append('\n');
            }
        }

        return texts.ToString();
    }
}
