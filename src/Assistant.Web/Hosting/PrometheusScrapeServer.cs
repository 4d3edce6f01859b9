using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Assistant.Web.Hosting;

/// <summary>
/// The Prometheus scrape endpoint (<c>GET /metrics</c>) on a small server of its own, listening only on
/// <see cref="TelemetryOptions.PrometheusOptions.Url"/>: the public port never serves it, whatever proxy sits in front,
/// so the metrics cannot become public by accident.
/// </summary>
public sealed class PrometheusScrapeServer(
    MeterProvider meterProvider,
    IOptions<TelemetryOptions> options,
    ILogger<PrometheusScrapeServer> logger) : IHostedService, IAsyncDisposable
{
    public const string Path = "/metrics";

    private WebApplication? _app;

    /// <summary>The address it listens on once started (with the real port when the configured one was 0).</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var url = options.Value.Prometheus.Url;
        // An empty builder: none of the main server's settings (its URLs, Kestrel endpoints, middleware) apply here.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls(url);
        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meterProvider, predicate: null, path: Path, configureBranchedPipeline: null,
            optionsName: null);
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync(cancellationToken);
        _app = app;
        Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        logger.LogInformation("Prometheus metrics at {Address}", new Uri(Address, Path));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is { } app)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.DisposeAsync();
        }
    }
}
