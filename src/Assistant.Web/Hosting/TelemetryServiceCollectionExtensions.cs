using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Assistant.Web.Hosting;

public static class TelemetryServiceCollectionExtensions
{
    /// <summary>The standard variable that points every OpenTelemetry SDK at a collector.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The assistant's meter and the server's instruments (always: <c>dotnet-counters</c> can read them), and OpenTelemetry
    /// when something exports: ASP.NET Core, HttpClient and runtime metrics with the assistant's meter to OTLP and/or the
    /// Prometheus scrape server; traces of ASP.NET Core and HttpClient (and logs) to OTLP. Call after <c>AddStorage</c>:
    /// the state and transcript stores are wrapped to time their writes.
    /// </summary>
    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.SectionName));
        services.AddSingleton<ServerMetrics>();
        // Made at start-up, so that its instruments (the open streams among them) are there before any traffic.
        services.ActivateSingleton<ServerMetrics>();
        MeasuredStores.Decorate<IStateStore>(services, (inner, sp) => new MeasuredStateStore(inner, sp.GetRequiredService<ServerMetrics>()));
        MeasuredStores.Decorate<ITranscriptStore>(services,
            (inner, sp) => new MeasuredTranscriptStore(inner, sp.GetRequiredService<ServerMetrics>()));

        var options = configuration.GetSection(TelemetryOptions.SectionName).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var otlp = !string.IsNullOrWhiteSpace(options.Otlp.Endpoint) || !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var prometheus = options.Prometheus.Enabled;
        if (!otlp && !prometheus)
        {
            return services;
        }

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(AssistantMetrics.MeterName);
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsQuiet(context.Request.Path))
                .AddHttpClientInstrumentation());
            if (!string.IsNullOrWhiteSpace(options.Otlp.Endpoint))
            {
                telemetry.UseOtlpExporter(ParseProtocol(options.Otlp.Protocol), new Uri(options.Otlp.Endpoint));
            }
            else
            {
                // OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS… read from configuration as every SDK reads them.
                telemetry.UseOtlpExporter();
            }
        }

        if (prometheus)
        {
            services.AddSingleton<PrometheusScrapeServer>();
            services.AddHostedService(sp => sp.GetRequiredService<PrometheusScrapeServer>());
        }

        return services;
    }

    /// <summary>Health probes and static files make no useful traces.</summary>
    private static bool IsQuiet(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/lib");

    private static OtlpExportProtocol ParseProtocol(string protocol) => protocol.Trim().ToLowerInvariant() switch
    {
        "grpc" or "" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException(
            $"{TelemetryOptions.SectionName}:Otlp:Protocol '{protocol}' is unknown; use 'grpc' (port 4317) or 'http/protobuf' (port 4318)."),
    };
}
