using System.Net;
using System.Text.RegularExpressions;

namespace Assistant.Web.Tests.WebChat;

/// <summary>
/// What the page is served with: Brotli/gzip for the bundle, versioned links cached for a year while the page itself is
/// revalidated, a favicon, the privacy notice in both languages, and embedding only for configured origins.
/// </summary>
public sealed partial class WebChatPageTests
{
    private const string Embedder = "https://www.sofia.bg";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task The_Web_Chat_bundle_is_served_compressed_and_cached_for_a_year_under_its_versioned_address(string encoding)
    {
        await using var server = AssistantServer.Start();
        using var http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = server.BaseAddress,
        };
        var html = await http.GetStringAsync("/", Ct);
        var bundle = BundleLink().Match(html).Value;
        var request = new HttpRequestMessage(HttpMethod.Get, bundle);
        request.Headers.Add("Accept-Encoding", encoding);

        var response = await http.SendAsync(request, Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(encoding, Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.True(bytes.Length < 1_500_000, $"{encoding}: {bytes.Length} bytes of a ~3.9 MB bundle");
        Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine($"{bundle} with {encoding}: {bytes.Length} bytes");
    }

    [Fact]
    public async Task The_page_is_revalidated_and_links_its_files_by_version_with_a_favicon()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var page = await http.GetAsync("/", Ct);
        var html = await page.Content.ReadAsStringAsync(Ct);
        var icon = await http.GetAsync(Regex.Match(html, "/favicon\\.svg\\?v=[0-9a-f]{12}").Value, Ct);
        var unversioned = await http.GetAsync("/chat.js", Ct);

        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Matches("href=\"/chat.css\\?v=[0-9a-f]{12}\"", html);
        Assert.Matches("src=\"/chat.js\\?v=[0-9a-f]{12}\"", html);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", unversioned.Headers.CacheControl?.ToString());
        Assert.Contains("href=\"/privacy?lang=bg\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://www.sofia.bg\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/privacy?lang=bg", "bg", "Поверителност в чата")]
    [InlineData("/privacy?lang=en", "en", "Privacy in the Innovative Sofia chat")]
    public async Task The_privacy_notice_is_served_in_both_languages_from_the_content_folder(string path, string lang, string title)
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var response = await http.GetAsync(path, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
        Assert.Contains($"<h1>{title}", html, StringComparison.Ordinal);
        Assert.Contains("/mydata", html, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_privacy_notice_follows_Accept_Language_when_no_language_is_asked_for()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();
        var request = new HttpRequestMessage(HttpMethod.Get, "/privacy");
        request.Headers.Add("Accept-Language", "en-GB,en;q=0.8");

        var html = await (await http.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_nobody_may_frame_the_page_or_read_a_token_from_another_origin()
    {
        await using var server = AssistantServer.Start();
        var http = server.NewClient();

        var page = await http.GetAsync("/", Ct);
        var preflight = await PreflightAsync(http, Embedder);

        Assert.Contains("frame-ancestors 'none'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("DENY", page.Headers.GetValues("X-Frame-Options").Single());
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Configured_origins_may_frame_the_page_and_ask_for_tokens_and_no_other_origin_may()
    {
        await using var server = AssistantServer.Start(settings: new() { ["Embed:AllowedOrigins:0"] = Embedder + "/" });
        var http = server.NewClient();

        var page = await http.GetAsync("/", Ct);
        var allowed = await PreflightAsync(http, Embedder);
        var other = await PreflightAsync(http, "https://evil.example");
        var token = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token");
        token.Headers.Add("Origin", Embedder);
        var tokenResponse = await http.SendAsync(token, Ct);
        var admin = await http.GetAsync("/admin/login", Ct);
        var otherToken = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token");
        otherToken.Headers.Add("Origin", "https://evil.example");
        var otherTokenResponse = await http.SendAsync(otherToken, Ct);

        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"frame-ancestors 'self' {Embedder};", csp, StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("X-Frame-Options"));
        Assert.Equal(Embedder, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(allowed.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.Equal(Embedder, tokenResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(otherTokenResponse.Headers.Contains("Access-Control-Allow-Origin"));
        // Only the chat page: the staff desk stays unframeable.
        Assert.DoesNotContain(Embedder, string.Join(" ", admin.Headers.SelectMany(h => h.Value)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://*.sofia.bg")]
    [InlineData("https://www.sofia.bg/chat")]
    [InlineData("sofia.bg")]
    public async Task An_allowed_origin_that_is_not_an_origin_stops_the_start(string origin)
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var server = AssistantServer.Start(settings: new() { ["Embed:AllowedOrigins:0"] = origin });
        });

        Assert.Contains("Embed:AllowedOrigins", error.ToString(), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> PreflightAsync(HttpClient http, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/chat/token");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return http.SendAsync(request, Ct);
    }

    [GeneratedRegex("/lib/webchat/webchat\\.js\\?v=[0-9a-f]{12}")]
    private static partial Regex BundleLink();
}
