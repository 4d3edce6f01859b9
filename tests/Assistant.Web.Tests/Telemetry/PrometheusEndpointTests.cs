using System.Net;
using System.Text.RegularExpressions;
using Assistant.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.Telemetry;

/// <summary>The Prometheus scrape endpoint: off unless switched on, and then only on its own port.</summary>
[Collection(nameof(ProcessWideMeters))]
public sealed partial class PrometheusEndpointTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task When_switched_on_metrics_on_their_own_port_show_a_turn_made_through_Direct_Line()
    {
        await using var server = AssistantServer.Start(settings: new()
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:Url"] = "http://127.0.0.1:0",
        });
        var scrape = server.Services.GetRequiredService<PrometheusScrapeServer>().Address!;
        Assert.NotEqual(server.BaseAddress.Port, scrape.Port);
        using var http = new HttpClient { BaseAddress = scrape, Timeout = TimeSpan.FromSeconds(30) };
        var beforeTraffic = await http.GetStringAsync("/metrics", Ct);
        Assert.Matches("""(?m)^assistant_directline_streams\{[^}]*\} 0$""", beforeTraffic);
        var dl = await DirectLineClient.StartAsync(server.NewClient(), Ct);
        var (_, watermark) = await dl.PollUntilAsync(a => a["suggestedActions"] is not null, Ct);

        await dl.SayAsync("помощ", "", watermark, Ct);

        // The exporter caches a scrape briefly: read until the turn shows.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string text;
        do
        {
            using var response = await http.GetAsync("/metrics", Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            text = await response.Content.ReadAsStringAsync(Ct);
            if (MessageTurns(text) >= 1)
            {
                break;
            }

            await Task.Delay(200, Ct);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal(1, MessageTurns(text));
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("assistant_storage_write_duration_seconds_bucket", text, StringComparison.Ordinal);
        using var publicPort = await server.NewClient().GetAsync("/metrics", Ct);
        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
    }

    [Fact]
    public async Task By_default_there_is_no_metrics_endpoint_anywhere()
    {
        await using var server = AssistantServer.Start();

        using var response = await server.NewClient().GetAsync("/metrics", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(server.Services.GetService<PrometheusScrapeServer>());
    }

    private static double MessageTurns(string exposition)
    {
        var match = TurnLine().Match(exposition);
        return match.Success ? double.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex("""^assistant_turns_total\{(?=[^}]*activity_type="message")(?=[^}]*channel="directline")[^}]*\} (?<value>[0-9.eE+]+)""",
        RegexOptions.Multiline)]
    private static partial Regex TurnLine();
}
