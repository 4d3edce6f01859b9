using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Assistant.Bench.Service;

/// <summary>
/// One Direct Line conversation as a client sees it: started with the secret, its WebSocket stream read in the
/// background, and turns sent by POST; a turn ends when the first bot activity that replies to it (replyToId) arrives
/// on the stream. The texts of all the bot's replies in that frame are returned.
/// </summary>
internal sealed class DirectLineBenchClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Reply>> _replies = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task _receiving = Task.CompletedTask;

    private DirectLineBenchClient(HttpClient http, string conversationId, string token, string userId)
    {
        _http = http;
        ConversationId = conversationId;
        Token = token;
        UserId = userId;
    }

    public string ConversationId { get; }

    public string Token { get; }

    public string UserId { get; }

    public readonly record struct Reply(long ReceivedAt, string Text);

    public static async Task<DirectLineBenchClient> StartAsync(HttpClient http, string secret, string userId, string? locale,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v3/directline/conversations")
        {
            Content = JsonContent(new { user = new { id = userId }, locale }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"start conversation: {(int)response.StatusCode} {body}");
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var client = new DirectLineBenchClient(http, root.GetProperty("conversationId").GetString()!,
            root.GetProperty("token").GetString()!, userId);
        client._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        await client._socket.ConnectAsync(new Uri(root.GetProperty("streamUrl").GetString()!), cancellationToken);
        client._receiving = Task.Run(client.ReceiveAsync, CancellationToken.None);
        return client;
    }

    /// <summary>Posts a message and waits for the bot's reply to it; returns the reply (its arrival time in Stopwatch ticks).</summary>
    public async Task<Reply> SendAsync(string text, string? locale, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{ConversationId}/activities")
        {
            Content = JsonContent(new { type = "message", from = new { id = UserId }, text, locale }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        string id;
        using (var response = await _http.SendAsync(request, cancellationToken))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"post activity: {(int)response.StatusCode} {body}");
            }

            using var json = JsonDocument.Parse(body);
            id = json.RootElement.GetProperty("id").GetString()!;
        }

        var waiter = _replies.GetOrAdd(id, _ => NewWaiter());
        try
        {
            return await waiter.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _replies.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }

        try
        {
            await _receiving.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or OperationCanceledException)
        {
        }

        _socket.Dispose();
        _stop.Dispose();
    }

    private static TaskCompletionSource<Reply> NewWaiter() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var receivedAt = Stopwatch.GetTimestamp();
                if (message.Length > 0)
                {
                    Dispatch(message.GetBuffer().AsMemory(0, (int)message.Length), receivedAt);
                }

                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The stream ended; waiting turns time out.
        }
    }

    /// <summary>Reads one frame; the buffer is reused for the next frame once this returns.</summary>
    private void Dispatch(ReadOnlyMemory<byte> frame, long receivedAt)
    {
        using var json = JsonDocument.Parse(frame);
        if (!json.RootElement.TryGetProperty("activities", out var activities))
        {
            return;
        }

        Dictionary<string, StringBuilder>? texts = null;
        foreach (var activity in activities.EnumerateArray())
        {
            var fromUser = activity.TryGetProperty("from", out var from) && from.TryGetProperty("id", out var fromId)
                && fromId.GetString() == UserId;
            if (fromUser)
            {
                continue;
            }

            if (activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() is { } replyToId)
            {
                texts ??= new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
                if (!texts.TryGetValue(replyToId, out var text))
                {
                    texts[replyToId] = text = new StringBuilder();
                }

                if (activity.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    text.Append(t.GetString()).Append('\n');
                }
            }
        }

        if (texts is null)
        {
            return;
        }

        foreach (var (replyToId, text) in texts)
        {
            _replies.GetOrAdd(replyToId, _ => NewWaiter()).TrySetResult(new Reply(receivedAt, text.ToString()));
        }
    }
}
