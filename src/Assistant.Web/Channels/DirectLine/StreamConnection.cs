using System.Net.WebSockets;
using System.Text.Json;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// One WebSocket stream: replays the log after the client's watermark from the store, then sends what the
/// <see cref="StreamHub"/> hands over from memory as ActivitySets (back to the store only to fill a gap).
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
            var last = await CatchUpAsync(socket, conversationId, watermark, closing.Token);
            while (!closing.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var signal = await subscription.NextAsync(closing.Token);
                if (signal.Watermark <= last)
                {
                    // Sent already (a catch-up read it from the store before its batch came).
                    continue;
                }

                if (signal.Activities is { } committed && committed[0].Sequence <= last + 1)
                {
                    // Follows what this stream sent: straight from memory, without what it sent already.
                    var fresh = committed[0].Sequence > last ? committed : committed.Where(a => a.Sequence > last).ToList();
                    await SendAsync(socket, ActivitySet.From(fresh), closing.Token);
                    last = fresh[^1].Sequence;
                    continue;
                }

                // A gap (batches raced or were dropped) or another instance's append: the store has it in order.
                last = await CatchUpAsync(socket, conversationId, last, closing.Token);
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

    /// <summary>Sends everything the store holds after <paramref name="watermark"/>; returns the new watermark.</summary>
    private async Task<long> CatchUpAsync(WebSocket socket, string conversationId, long watermark, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await log.ReadAfterAsync(conversationId, watermark, BatchSize, cancellationToken);
            if (batch.Count == 0)
            {
                return watermark;
            }

            await SendAsync(socket, ActivitySet.From(batch), cancellationToken);
            watermark = batch[^1].Sequence;
            if (batch.Count < BatchSize)
            {
                return watermark;
            }
        }
    }

    private static async Task SendAsync(WebSocket socket, ActivitySet set, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(set, ChannelJson.Options);
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
