using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;

namespace Assistant.Bench.Echo;

/// <summary>All conversations, in memory only.</summary>
public sealed class EchoConversations
{
    private readonly ConcurrentDictionary<string, EchoConversation> _conversations = new(StringComparer.Ordinal);

    public EchoConversation Start(string? userId)
    {
        var conversation = new EchoConversation(Guid.NewGuid().ToString("N"), userId ?? "r_" + Guid.NewGuid().ToString("N")[..10]);
        _conversations[conversation.Id] = conversation;
        return conversation;
    }

    public EchoConversation? Find(string id) => _conversations.GetValueOrDefault(id);
}

/// <summary>One conversation: its user, its sequence counter and the WebSocket currently connected to it.</summary>
public sealed class EchoConversation(string id, string userId)
{
    private long _nextSequence;
    private EchoConnection? _connection;

    public string Id { get; } = id;
    public string UserId { get; } = userId;
    public EchoConnection? Connection => Volatile.Read(ref _connection);

    /// <summary>Reserves two sequence numbers (the user's activity and the reply) and returns the first.</summary>
    public long ReserveTwo() => Interlocked.Add(ref _nextSequence, 2) - 2;

    public string ActivityId(long sequence) => string.Create(CultureInfo.InvariantCulture, $"{Id}|{sequence:D7}");

    public void Attach(EchoConnection connection) => Volatile.Write(ref _connection, connection);

    /// <summary>Forgets the connection unless a newer one has replaced it meanwhile.</summary>
    public void Detach(EchoConnection connection) => Interlocked.CompareExchange(ref _connection, null, connection);
}

/// <summary>A connected WebSocket. Sends are serialised (a WebSocket allows one send at a time); a socket that is gone drops them.</summary>
public sealed class EchoConnection(WebSocket socket) : IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    /// <summary>Sends the two frames, in order, as text messages.</summary>
    public Task SendAsync(byte[] first, byte[] second, CancellationToken cancellationToken) =>
        LockedAsync((first, second), static async (s, frames, ct) =>
        {
            await s.SendAsync(frames.first, WebSocketMessageType.Text, endOfMessage: true, ct);
            await s.SendAsync(frames.second, WebSocketMessageType.Text, endOfMessage: true, ct);
        }, WebSocketState.Open, cancellationToken);

    /// <summary>Reads and drops what the client sends (empty keep-alives) until it closes, then answers its close frame.</summary>
    public async Task ReadUntilClosedAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        try
        {
            while ((await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            return;
        }

        await LockedAsync(0, static (s, _, _) => s.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None),
            WebSocketState.CloseReceived, CancellationToken.None);
    }

    public void Dispose() => _sendLock.Dispose();

    private async Task LockedAsync<T>(T state, Func<WebSocket, T, CancellationToken, Task> action, WebSocketState expected,
        CancellationToken cancellationToken)
    {
        try
        {
            await _sendLock.WaitAsync(cancellationToken);
            try
            {
                if (socket.State == expected)
                {
                    await action(socket, state, cancellationToken);
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
