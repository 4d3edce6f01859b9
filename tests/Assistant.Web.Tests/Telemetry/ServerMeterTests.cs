using System.Net.WebSockets;
using Assistant.Web.Tests.Telegram;

namespace Assistant.Web.Tests.Telemetry;

/// <summary>The server's own instruments, read after real traffic through a running server.</summary>
public sealed class ServerMeterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_Direct_Line_turn_is_counted_under_its_channel_and_its_storage_writes_are_timed()
    {
        await using var server = AssistantServer.Start();
        using var meter = new HostMeterReader(server.Services);
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);

        await dl.SayAsync("Какво е Intelligent Cities Challenge?", "Европейската комисия", watermark, Ct);

        Assert.Equal(1, meter.Sum("assistant.turns", ("channel", "directline"), ("activity_type", "message")));
        Assert.Equal(1, meter.Sum("assistant.knowledge.outcomes", ("outcome", "answered")));
        var stateWrites = meter.Values("assistant.storage.write.duration", ("store", "state"), ("outcome", "ok"));
        Assert.NotEmpty(stateWrites);
        Assert.All(stateWrites, seconds => Assert.InRange(seconds, 0, 30));
        Assert.NotEmpty(meter.Values("assistant.storage.write.duration", ("store", "transcript"), ("outcome", "ok")));
    }

    [Fact]
    public async Task Open_Direct_Line_streams_are_counted_while_they_are_open()
    {
        await using var server = AssistantServer.Start();
        using var meter = new HostMeterReader(server.Services);
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        Assert.Equal(0, meter.Observe("assistant.directline.streams"));

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri(dl.StreamUrl!), Ct);
            await DirectLineClient.ReceiveSetAsync(socket, Ct);
            Assert.Equal(1, meter.Observe("assistant.directline.streams"));
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", Ct);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (meter.Observe("assistant.directline.streams") != 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(0, meter.Observe("assistant.directline.streams"));
    }

    [Fact]
    public async Task Telegram_429s_and_refusals_are_counted_as_send_errors()
    {
        await using var telegram = TelegramTestServer.Start(arrange: api =>
        {
            api.FailCall("sendMessage", 1, 429, "Too Many Requests: retry after 1", retryAfter: 1);
            api.FailCall("sendMessage", 3, 403, "Forbidden: bot was blocked by the user");
        });
        using var meter = new HostMeterReader(telegram.Server.Services);

        await telegram.DeliverAsync(BotApiUpdates.Text(5001, 5001, "помощ"), Ct);

        Assert.Equal(1, meter.Sum("assistant.telegram.send.errors", ("error", "rate_limited")));
        Assert.Equal(1, meter.Sum("assistant.telegram.send.errors", ("error", "blocked")));
        Assert.Equal(1, meter.Sum("assistant.turns", ("channel", "telegram")));
    }
}
