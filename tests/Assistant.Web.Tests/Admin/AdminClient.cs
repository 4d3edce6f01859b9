using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Assistant.Web.Tests.Admin;

/// <summary>A staff member's browser, reduced to what the tests need: pages, forms with their antiforgery field, downloads.</summary>
public sealed partial class AdminClient(HttpClient http, CookieJar jar) : IDisposable
{
    private string? _antiforgery;

    public HttpClient Http { get; } = http;

    public CookieJar Jar { get; } = jar;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<HttpResponseMessage> SignInAsync(string name, string password, string? returnUrl = null)
    {
        await GetAsync("/admin/login");
        return await PostAsync("/admin/login", ("name", name), ("password", password), ("returnUrl", returnUrl ?? "/admin"));
    }

    /// <summary>GETs a page and remembers its antiforgery field for the next POST.</summary>
    public async Task<Page> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url, Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        if (AntiforgeryField().Match(html) is { Success: true } match)
        {
            _antiforgery = WebUtility.HtmlDecode(match.Groups[1].Value);
        }

        return new Page(response.StatusCode, html, response.Headers.Location?.ToString(), response);
    }

    /// <summary>GETs a page and insists on 200.</summary>
    public async Task<string> HtmlAsync(string url)
    {
        var page = await GetAsync(url);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {url} answered {(int)page.Status}: {page.Html[..Math.Min(500, page.Html.Length)]}");
        return page.Html;
    }

    /// <summary>POSTs a form with the antiforgery field of the last page (unless <paramref name="withAntiforgery"/> is false).</summary>
    public Task<HttpResponseMessage> PostAsync(string url, params (string Name, string Value)[] fields) => PostAsync(url, true, fields);

    public async Task<HttpResponseMessage> PostAsync(string url, bool withAntiforgery, params (string Name, string Value)[] fields)
    {
        var all = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (withAntiforgery && _antiforgery is not null)
        {
            all.Add(new("__af", _antiforgery));
        }

        return await Http.PostAsync(url, new FormUrlEncodedContent(all), Ct);
    }

    public async Task<HttpResponseMessage> DownloadAsync(string url, bool streamed = false) =>
        await Http.GetAsync(url, streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, Ct);

    public static AuthenticationHeaderValue Basic(string name, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{name}:{password}")));

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__af\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

public sealed record Page(HttpStatusCode Status, string Html, string? Location, HttpResponseMessage Response);
