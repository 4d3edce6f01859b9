using System.Net;

namespace Assistant.Web.Tests.Hosting;

/// <summary>
/// The server as a process listens where the usual .NET settings say: <c>ASPNETCORE_URLS</c>,
/// <c>ASPNETCORE_HTTP_PORTS</c> and <c>--urls</c> (nothing in appsettings.json overrides them).
/// </summary>
public sealed class HostingConventionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ListenSetting.AspNetCoreUrls)]
    [InlineData(ListenSetting.HttpPorts)]
    [InlineData(ListenSetting.CommandLineUrls)]
    public async Task The_server_process_listens_where_the_standard_setting_says(ListenSetting listenBy)
    {
        var port = AssistantServer.FreePort();
        await using var server = await ServerProcess.StartAsync(AssistantServer.NewDatabasePath(), port, Ct, listenBy: listenBy);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };

        using var page = await http.GetAsync("/", Ct);
        using var ready = await http.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
