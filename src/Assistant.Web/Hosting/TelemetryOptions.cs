namespace Assistant.Web.Hosting;

/// <summary>
/// Metrics, traces and their exporters (section <c>Telemetry</c>). Nothing is exported unless configured: OTLP when
/// <see cref="OtlpOptions.Endpoint"/> or the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the Prometheus scrape
/// endpoint when <see cref="PrometheusOptions.Enabled"/>.
/// </summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Telemetry";

    /// <summary>The <c>service.name</c> of every metric, trace and log record exported.</summary>
    public string ServiceName { get; set; } = "assistant";

    public OtlpOptions Otlp { get; set; } = new();

    public PrometheusOptions Prometheus { get; set; } = new();

    public sealed class OtlpOptions
    {
        /// <summary>The collector's base address, e.g. <c>http://otel-collector:4317</c>; empty = the OTEL_* variables decide.</summary>
        public string Endpoint { get; set; } = "";

        /// <summary><c>grpc</c> (port 4317) or <c>http/protobuf</c> (port 4318).</summary>
        public string Protocol { get; set; } = "grpc";
    }

    public sealed class PrometheusOptions
    {
        public bool Enabled { get; set; }

        /// <summary>
        /// Where the scrape endpoint listens: a port of its own, never the public one. Loopback by default; to let a
        /// Prometheus on another host scrape it, bind an internal interface (e.g. <c>http://10.0.0.5:9464</c>) or
        /// <c>http://0.0.0.0:9464</c> behind a firewall.
        /// </summary>
        public string Url { get; set; } = "http://127.0.0.1:9464";
    }
}
