using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Assistant.Web.Tests.Telemetry;

/// <summary>OTLP export, to a stand-in collector on loopback that records what it receives (OTLP over HTTP, protobuf).</summary>
[Collection(nameof(ProcessWideMeters))]
public sealed class OtlpExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_an_OTLP_endpoint_configured_metrics_with_the_turns_and_traces_of_the_requests_reach_the_collector()
    {
        await using var collector = await Collector.StartAsync();
        await using var server = AssistantServer.Start(settings: new()
        {
            ["Telemetry:Otlp:Endpoint"] = collector.Address.AbsoluteUri,
            ["Telemetry:Otlp:Protocol"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "300",
        });
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);

        await dl.SayAsync("помощ", "", watermark, Ct);

        await collector.WaitForAsync("/v1/metrics", "assistant.turns", Ct);
        await collector.WaitForAsync("/v1/traces", "/v3/directline/conversations/{conversationId}/activities", Ct);
        Assert.All(collector.Received, r => Assert.Equal("application/x-protobuf", r.ContentType));
    }

    [Fact]
    public async Task Without_an_OTLP_endpoint_nothing_is_exported()
    {
        await using var collector = await Collector.StartAsync();
        await using var server = AssistantServer.Start(settings: new() { ["OTEL_METRIC_EXPORT_INTERVAL"] = "300" });
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);

        await Task.Delay(1000, Ct);

        Assert.Empty(collector.Received);
        Assert.Null(server.Services.GetService<OpenTelemetry.Metrics.MeterProvider>());
    }

    private sealed record Export(string Path, string? ContentType, byte[] Body);

    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<Export> _received = new();

        private Collector(WebApplication app) => _app = app;

        public Uri Address { get; private set; } = null!;

        public IReadOnlyList<Export> Received => _received.ToList();

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/v1/{signal}", async (HttpContext context) =>
            {
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body);
                collector._received.Enqueue(new Export(context.Request.Path, context.Request.ContentType, body.ToArray()));
                return Results.Bytes([], "application/x-protobuf");
            });
            await app.StartAsync();
            collector.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            return collector;
        }

        /// <summary>Waits until an export to <paramref name="path"/> carries <paramref name="text"/> (names are plain UTF-8 in protobuf).</summary>
        public async Task WaitForAsync(string path, string text, CancellationToken cancellationToken)
        {
            var needle = Encoding.UTF8.GetBytes(text);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!_received.Any(r => r.Path == path && r.Body.AsSpan().IndexOf(needle) >= 0))
            {
                Assert.True(DateTime.UtcNow < deadline,
                    $"no export to {path} with '{text}'; received: {string.Join(", ", _received.Select(r => $"{r.Path} ({r.Body.Length} B)"))}");
                await Task.Delay(100, cancellationToken);
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
