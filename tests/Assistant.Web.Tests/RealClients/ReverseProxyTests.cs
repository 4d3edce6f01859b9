using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Tests.Admin;
using Microsoft.Playwright;

namespace Assistant.Web.Tests.RealClients;

/// <summary>
/// The server behind a real TLS-terminating nginx configured as the README says, trusted through
/// <c>ForwardedHeaders:KnownProxies</c>: the page works over https:// with wss:// streams, and per-IP limits count the
/// clients behind the proxy, not the proxy. Clients use different loopback addresses (127.0.0.2, 127.0.0.3, …).
/// </summary>
public sealed class ReverseProxyTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> BehindTheProxy(int chatTokensPerMinute = 1000) => new()
    {
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
        ["RateLimits:ChatTokenPerMinute"] = chatTokensPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task The_page_over_https_through_the_proxy_streams_over_wss_and_the_chat_answers()
    {
        var browser = await chromium.BrowserAsync();
        await using var server = AssistantServer.Start(settings: BehindTheProxy());
        await using var proxy = await NginxProxy.StartAsync(server.BaseAddress, Ct);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = "bg-BG",
            IgnoreHTTPSErrors = true,
            ViewportSize = new ViewportSize { Width = 900, Height = 1000 },
        });
        var sockets = new ConcurrentQueue<string>();
        context.Page += (_, page) => page.WebSocket += (_, socket) => sockets.Enqueue(socket.Url);

        var chat = await ChatPage.OpenAsync(context, proxy.BaseAddress);
        try
        {
            await chat.ExpectBubblesAsync("Здравейте!", 1);
            await chat.SendAsync("помощ");
            await chat.ExpectBubblesAsync("Ето как да разговаряте с мен", 1);
            await chat.ExpectSentAsync("помощ", 1);
        }
        finally
        {
            await chat.ScreenshotAsync(nameof(The_page_over_https_through_the_proxy_streams_over_wss_and_the_chat_answers));
        }

        Assert.NotEmpty(sockets);
        Assert.All(sockets, url => Assert.StartsWith($"wss://{proxy.BaseAddress.Authority}/v3/directline/", url, StringComparison.Ordinal));
        chat.AssertBrowserReportedNoErrors();
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_the_stream_url_is_wss_and_the_socket_opens_through_it()
    {
        await using var server = AssistantServer.Start(settings: BehindTheProxy());
        await using var proxy = await NginxProxy.StartAsync(server.BaseAddress, Ct);
        using var http = proxy.ClientFrom("127.0.0.2");

        var client = await DirectLineClient.StartAsync(http, Ct);

        Assert.StartsWith($"wss://{proxy.BaseAddress.Authority}/v3/directline/conversations/", client.StreamUrl, StringComparison.Ordinal);
        using var socket = new ClientWebSocket();
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => proxy.IsOwnCertificate(certificate);
        socket.Options.SetRequestHeader("Origin", proxy.BaseAddress.GetLeftPart(UriPartial.Authority));
        await socket.ConnectAsync(new Uri(client.StreamUrl!), Ct);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", Ct);
    }

    [Fact]
    public async Task Two_clients_behind_the_trusted_proxy_have_separate_rate_limits()
    {
        await using var server = AssistantServer.Start(settings: BehindTheProxy(chatTokensPerMinute: 3));
        await using var proxy = await NginxProxy.StartAsync(server.BaseAddress, Ct);
        using var first = proxy.ClientFrom("127.0.0.2");
        using var second = proxy.ClientFrom("127.0.0.3");

        var firstAnswers = await ChatTokensAsync(first, 4);
        var secondAnswers = await ChatTokensAsync(second, 3);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], firstAnswers);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], secondAnswers);
    }

    [Fact]
    public async Task A_forged_X_Forwarded_For_does_not_escape_the_limit_through_the_proxy_or_from_an_untrusted_address()
    {
        await using var server = AssistantServer.Start(settings: BehindTheProxy(chatTokensPerMinute: 3));
        await using var proxy = await NginxProxy.StartAsync(server.BaseAddress, Ct);
        using var throughProxy = proxy.ClientFrom("127.0.0.4");
        using var direct = NginxProxy.ClientFrom("127.0.0.5", server.BaseAddress);

        // A new forged address on every request: the proxy overwrites the header, and the server does not believe a
        // header that did not come from its trusted proxy.
        var viaProxy = await ChatTokensAsync(throughProxy, 4, forge: true);
        var fromUntrusted = await ChatTokensAsync(direct, 4, forge: true);

        Assert.Equal(HttpStatusCode.TooManyRequests, viaProxy[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, fromUntrusted[^1]);
        Assert.Equal(3, viaProxy.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, fromUntrusted.Count(s => s == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Without_a_configured_proxy_even_loopback_is_not_trusted()
    {
        await using var server = AssistantServer.Start(settings: new() { ["RateLimits:ChatTokenPerMinute"] = "3" });
        using var http = NginxProxy.ClientFrom("127.0.0.1", server.BaseAddress);

        var answers = await ChatTokensAsync(http, 4, forge: true);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
    }

    [Fact]
    public async Task A_stranger_guessing_staff_passwords_behind_the_proxy_slows_only_themselves()
    {
        await using var host = await AdminHost.StartAsync(new() { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }, kestrel: true);
        await using var proxy = await NginxProxy.StartAsync(host.BaseAddress, Ct);
        using var stranger = StaffBrowser(proxy, "127.0.0.6");
        using var admin = StaffBrowser(proxy, "127.0.0.7");

        for (var i = 0; i < 12; i++)
        {
            using var wrong = await stranger.SignInAsync(AdminHost.AdminName, "guess-" + i);
            Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);
        }

        using var strangerWithThePassword = await stranger.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword);
        using var realAdmin = await admin.SignInAsync(AdminHost.AdminName, AdminHost.AdminPassword);

        Assert.NotEqual(HttpStatusCode.Redirect, strangerWithThePassword.StatusCode);
        Assert.True(realAdmin.StatusCode == HttpStatusCode.Redirect,
            $"{(int)realAdmin.StatusCode}: {HtmlText.Visible(await realAdmin.Content.ReadAsStringAsync(Ct))}");
        var audit = await host.Get<IAuditLogStore>().ListAsync(0, 50, Ct);
        Assert.Contains(audit, e => e.Action == "staff.sign-in-throttled" && e.Details!.Contains("127.0.0.6", StringComparison.Ordinal));
    }

    private static AdminClient StaffBrowser(NginxProxy proxy, string localAddress)
    {
        var jar = new CookieJar { InnerHandler = proxy.HandlerFrom(localAddress) };
        return new AdminClient(new HttpClient(jar) { BaseAddress = proxy.BaseAddress, Timeout = TimeSpan.FromSeconds(30) }, jar);
    }

    private static async Task<List<HttpStatusCode>> ChatTokensAsync(HttpClient http, int count, bool forge = false)
    {
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < count; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/token") { Content = JsonContent.Create(new { locale = "bg" }) };
            if (forge)
            {
                request.Headers.Add("X-Forwarded-For", $"203.0.113.{i + 1}");
                request.Headers.Add("X-Forwarded-Proto", "https");
            }

            using var response = await http.SendAsync(request, Ct);
            answers.Add(response.StatusCode);
        }

        return answers;
    }
}
