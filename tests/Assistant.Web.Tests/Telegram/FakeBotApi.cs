using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Assistant.Web.Tests.Telegram;

/// <summary>
/// A local stand-in for the Telegram Bot API on a loopback port. It answers the way the Bot API documents —
/// <c>{"ok":true,"result":…}</c>, or <c>{"ok":false,"error_code":…,"description":…,"parameters":{"retry_after":N}}</c> with the
/// same HTTP status — records every call, and serves queued updates to <c>getUpdates</c> with the real offset rules (an
/// update is confirmed, and never returned again, once <c>getUpdates</c> asks for a higher offset; a long poll waits for updates).
/// </summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    public const long BotId = 7000000001;
    public const string Token = "7000000001:AAFakeTokenForTests_abcdefghijklmn";
    public const string Username = "sofia_test_bot";

    private sealed record Failure(string Method, int CallNumber, int Code, string Description, int? RetryAfter);

    private readonly HttpListener _listener;
    private readonly List<BotApiCall> _calls = [];
    private readonly List<JsonObject> _pending = [];
    private readonly List<Failure> _failures = [];
    private readonly Dictionary<string, int> _callCounts = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _confirmedBelow;
    private int _nextMessageId = 100;

    public FakeBotApi()
    {
        // A port found free can be taken by another test before the listener binds it: then take another one.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            var listener = new HttpListener();
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                _listener = listener;
                BaseUrl = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                listener.Close();
            }
        }

        _loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    public IReadOnlyList<BotApiCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return _calls.ToList();
            }
        }
    }

    public IReadOnlyList<BotApiCall> CallsTo(string method) => Calls.Where(c => c.Method == method).ToList();

    /// <summary>Successful <c>sendMessage</c> calls to one chat, in order.</summary>
    public IReadOnlyList<BotApiCall> MessagesTo(long chatId) =>
        Calls.Where(c => c.Method == "sendMessage" && c.Succeeded && c.ChatId == chatId).ToList();

    /// <summary>Queues an update for <c>getUpdates</c> (the same update may be queued more than once).</summary>
    public void Enqueue(JsonObject update)
    {
        lock (_lock)
        {
            _pending.Add((JsonObject)update.DeepClone());
            Signal();
        }
    }

    /// <summary>True once <c>getUpdates</c> was called with an offset above the update id: the server has taken it.</summary>
    public bool IsConfirmed(long updateId)
    {
        lock (_lock)
        {
            return _confirmedBelow > updateId;
        }
    }

    /// <summary>The <paramref name="callNumber"/>-th call of <paramref name="method"/> (1-based) fails as described.</summary>
    public void FailCall(string method, int callNumber, int code, string description, int? retryAfter = null)
    {
        lock (_lock)
        {
            _failures.Add(new Failure(method, callNumber, code, description, retryAfter));
        }
    }

    /// <summary>Waits until a call matches; returns it.</summary>
    public async Task<BotApiCall> WaitForCallAsync(Func<BotApiCall, bool> match, CancellationToken cancellationToken, int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_calls.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException("No matching Bot API call. Calls so far:\n" + string.Join("\n", Calls.Select(Describe)));
            }

            await Task.WhenAny(changed, Task.Delay(left, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    public static string Describe(BotApiCall call) => $"#{call.Sequence} {call.Method} {call.StatusCode} {call.Body.ToJsonString()}";

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        lock (_lock)
        {
            Signal();
        }

        _listener.Stop();
        try
        {
            // On Linux, Close after Stop looks the endpoint up again and may bind the port once more; when another test
            // has taken the freed port meanwhile that fails with "Address already in use". The listener is stopped either way.
            _listener.Close();
        }
        catch (HttpListenerException)
        {
        }

        try
        {
            await _loop;
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Signal()
    {
        _changed.TrySetResult();
        _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(context));
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url!.AbsolutePath;
            var body = await ReadBodyAsync(context.Request);
            var segments = path.Trim('/').Split('/');
            var method = segments.Length == 2 ? segments[1] : "";
            var receivedAt = DateTimeOffset.UtcNow;
            var (status, response) = segments.Length != 2 || segments[0] != "bot" + Token
                ? (401, Error(401, "Unauthorized", null))
                : await AnswerAsync(method, body);

            var bytes = Encoding.UTF8.GetBytes(response.ToJsonString());
            lock (_lock)
            {
                _calls.Add(new BotApiCall(_calls.Count + 1, method, body, receivedAt, status)
                {
                    AnsweredAt = DateTimeOffset.UtcNow,
                    MessageId = (int?)(response["result"] as JsonObject)?["message_id"],
                });
                Signal();
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The client went away (a long poll cancelled at shutdown).
        }
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpListenerRequest request)
    {
        using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        return string.IsNullOrWhiteSpace(text) ? [] : JsonNode.Parse(text)?.AsObject() ?? [];
    }

    private async Task<(int Status, JsonObject Response)> AnswerAsync(string method, JsonObject body)
    {
        lock (_lock)
        {
            var count = _callCounts[method] = _callCounts.GetValueOrDefault(method) + 1;
            if (_failures.FirstOrDefault(f => f.Method == method && f.CallNumber == count) is { } failure)
            {
                return (failure.Code, Error(failure.Code, failure.Description, failure.RetryAfter));
            }
        }

        return method switch
        {
            "getMe" => (200, Ok(new JsonObject
            {
                ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Иновативна София (тест)", ["username"] = Username,
                ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false,
            })),
            "getUpdates" => (200, Ok(await GetUpdatesAsync(body))),
            "sendMessage" => (200, Ok(Message(body, NextMessageId()))),
            "editMessageText" or "editMessageReplyMarkup" => (200, Ok(Message(body, (int)body["message_id"]!))),
            "answerCallbackQuery" or "sendChatAction" or "setMyCommands" or "deleteWebhook" or "setWebhook" => (200, Ok(true)),
            _ => (404, Error(404, "Not Found: method not found", null)),
        };
    }

    private async Task<JsonArray> GetUpdatesAsync(JsonObject body)
    {
        var offset = (long?)body["offset"] ?? 0;
        var timeout = TimeSpan.FromSeconds((int?)body["timeout"] ?? 0);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                _confirmedBelow = Math.Max(_confirmedBelow, offset);
                _pending.RemoveAll(u => (long)u["update_id"]! < _confirmedBelow);
                if (_pending.Count > 0 || DateTime.UtcNow >= deadline || _stopping.IsCancellationRequested)
                {
                    var limit = (int?)body["limit"] ?? 100;
                    return new JsonArray(_pending.Take(limit).Select(u => (JsonNode)u.DeepClone()).ToArray());
                }

                changed = _changed.Task;
            }

            await Task.WhenAny(changed, Task.Delay(deadline - DateTime.UtcNow));
        }
    }

    private int NextMessageId() => Interlocked.Increment(ref _nextMessageId);

    private static JsonObject Message(JsonObject body, int messageId)
    {
        var chatId = long.Parse(body["chat_id"]!.ToJsonString().Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
        var message = new JsonObject
        {
            ["message_id"] = messageId,
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "Иновативна София (тест)", ["username"] = Username },
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId > 0 ? "private" : "supergroup" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = body["text"]?.DeepClone() ?? "",
        };
        if (body["reply_markup"] is JsonObject markup)
        {
            message["reply_markup"] = markup.DeepClone();
        }

        return message;
    }

    private static JsonObject Ok(JsonNode result) => new() { ["ok"] = true, ["result"] = result };

    private static JsonObject Error(int code, string description, int? retryAfter)
    {
        var error = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is { } seconds)
        {
            error["parameters"] = new JsonObject { ["retry_after"] = seconds };
        }

        return error;
    }
}
