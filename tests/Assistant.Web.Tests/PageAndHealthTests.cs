using System.Net;

namespace Assistant.Web.Tests;

public sealed class PageAndHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_page_loads_the_local_Web_Chat_bundle_under_a_content_security_policy_and_holds_no_secret()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var page = await http.GetAsync("/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var script = await http.GetStringAsync("/chat.js", Ct);
        var bundle = await http.GetAsync("/lib/webchat/webchat.js", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Matches("<script src=\"/lib/webchat/webchat.js\\?v=[0-9a-f]{12}\"></script>", html);
        Assert.Contains("lang=\"bg\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        // Nothing is loaded from elsewhere; the only other address is the link to the city's site.
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["https://www.sofia.bg"], System.Text.RegularExpressions.Regex.Matches(html, "https?://[^\"]+").Select(m => m.Value));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.True(bundle.Content.Headers.ContentLength > 3_000_000, "the full Web Chat bundle is served");
        Assert.DoesNotContain(AssistantServer.Secret, html + script, StringComparison.Ordinal);
        Assert.Contains("/api/chat/token", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_reports_healthy_when_storage_answers()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var ready = await http.GetAsync("/health", Ct);
        var live = await http.GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    [Fact]
    public async Task Health_reports_unhealthy_when_the_database_is_gone()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();
        await DeleteWhileTheServerRunsAsync(Path.GetDirectoryName(server.DatabasePath)!);

        var ready = await http.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
    }

    /// <summary>
    /// The server's background work may create a journal file in the folder between the listing and the removal of a
    /// recursive delete, so the delete is tried again until the folder is gone.
    /// </summary>
    private static async Task DeleteWhileTheServerRunsAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50, Ct);
            }
        }
    }
}
