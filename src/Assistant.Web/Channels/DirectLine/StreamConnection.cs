using System.Net.WebSockets;
using System.Text.Json;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// One WebSocket stream: replays the log after the client's watermark, then pushes each new batch as an ActivitySet.
/// Incoming frames (the client's empty keep-alives) are read and ignored so close frames are seen.
/// </summary>
public sealed class StreamConnection(IActivityLogStore log, StreamHub hub, IHostApplicationLifetime lifetime,
    ILogger<StreamConnection> logger)
{
    private const int BatchSize = 100;

    public async Task RunAsync(WebSocket socket, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        using var subscription = hub.Subscribe(conversationId);
        // Server shutdown ends the stream at once (clients reconnect), rather than holding the host until its timeout.
        using var closing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        var reader = ReadUntilClosedAsync(socket, closing);
        try
        {
            var last = watermark;
            while (!closing.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var batch = await log.ReadAfterAsync(conversationId, last, BatchSize, closing.Token);
                if (batch.Count > 0)
                {
                    last = batch[^1].Sequence;
                    await SendAsync(socket, ActivitySet.From(batch), closing.Token);
                    continue;
                }

                await subscription.Signal.Reader.ReadAsync(closing.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException e)
        {
            logger.LogDebug(e, "Stream of conversation {ConversationId} ended abruptly", conversationId);
        }
        finally
        {
            await closing.CancelAsync();
            await reader;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                try
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var status = lifetime.ApplicationStopping.IsCancellationRequested
                        ? WebSocketCloseStatus.EndpointUnavailable
                        : WebSocketCloseStatus.NormalClosure;
                    await socket.CloseAsync(status, null, timeout.Token);
                }
                catch (Exception e) when (e is WebSocketException or OperationCanceledException)
                {
                    // The peer is gone; nothing to tell it.
                }
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, ActivitySet set, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(set, Assistant.Core.Activities.ActivityJson.Options);
        await socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
    }

    private static async Task ReadUntilClosedAsync(WebSocket socket, CancellationTokenSource closing)
    {
        var buffer = new byte[4096];
        try
        {
            while (!closing.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, closing.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            await closing.CancelAsync();
        }
    }
}
