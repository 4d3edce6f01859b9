using System.Globalization;
using System.Security.Claims;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Admin;

/// <summary>
/// What every admin page needs about the request: the language (bg by default; <c>?lang=en</c> switches and is remembered
/// in a cookie), the signed-in staff member, the antiforgery field, dates in the desk's time zone, and the page frame.
/// </summary>
public sealed class AdminView
{
    public const string LanguageCookie = "__Host-assistant-admin-lang";

    private readonly TimeZoneInfo _zone;

    public AdminView(HttpContext http)
    {
        Http = http;
        Lang = PickLanguage(http);
        Culture = CultureInfo.GetCultureInfo(Lang == "en" ? "en-GB" : "bg-BG");
        UserName = http.User.Identity?.IsAuthenticated == true ? http.User.Identity.Name : null;
        Role = http.User.FindFirstValue(ClaimTypes.Role);
        var options = http.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value;
        _zone = FindZone(options.TimeZone);
    }

    public HttpContext Http { get; }

    /// <summary><c>bg</c> or <c>en</c>.</summary>
    public string Lang { get; }

    public CultureInfo Culture { get; }

    public string? UserName { get; }

    public string? Role { get; }

    public bool IsAdmin => Role == StaffRoles.Admin;

    public TimeZoneInfo Zone => _zone;

    public string T(string key) => AdminTexts.Get(Lang, key);

    public string T(string key, params object[] values) => string.Format(Culture, AdminTexts.Get(Lang, key), values);

    /// <summary>The hidden antiforgery field every form carries.</summary>
    public Html Antiforgery()
    {
        var tokens = Http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(Http);
        return Html.Of($"<input type=\"hidden\" name=\"{tokens.FormFieldName}\" value=\"{tokens.RequestToken}\">");
    }

    public string Number(int value) => value.ToString("N0", Culture);

    public string Number(decimal value, int decimals = 1) => value.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), Culture);

    public string Percent(double share) => (share * 100).ToString("0.#", Culture) + " %";

    public string Time(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, _zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    public string Date(DateTimeOffset time) =>
        TimeZoneInfo.ConvertTime(time, _zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The start of a calendar day in the desk's time zone.</summary>
    public DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    public string ChannelName(string channel) => channel switch
    {
        ChannelIds.DirectLine or "webchat" => T("channel.webchat"),
        ChannelIds.Telegram => "Telegram",
        "msteams" => "Microsoft Teams",
        "emulator" => "Bot Framework Emulator",
        _ => channel,
    };

    /// <summary>The current page with the other language selected.</summary>
    public string OtherLanguageUrl()
    {
        var query = Http.Request.Query
            .Where(q => q.Key != "lang")
            .Select(q => (q.Key, (string?)q.Value.ToString()))
            .Append(("lang", Lang == "en" ? "bg" : "en"))
            .ToArray();
        return AdminUrl.With(Http.Request.Path.Value ?? "/admin", query);
    }

    public IResult Page(string title, Html body, string nav, int statusCode = StatusCodes.Status200OK) =>
        new HtmlResult(Document(title, body, nav), statusCode);

    public Html Document(string title, Html body, string nav)
    {
        var links = new List<Html>();
        if (UserName is not null)
        {
            links.Add(NavLink("/admin", T("nav.dashboard"), nav == "dashboard"));
            links.Add(NavLink("/admin/unanswered", T("nav.unanswered"), nav == "unanswered"));
            links.Add(NavLink("/admin/questions", TeamQuestions.TeamDeskTexts.Get(Lang, "nav"), nav == "questions"));
            links.Add(NavLink("/admin/knowledge", T("nav.knowledge"), nav == "knowledge"));
            links.Add(NavLink("/admin/participants", T("nav.participants"), nav == "participants"));
            if (IsAdmin)
            {
                links.Add(NavLink("/admin/staff", T("nav.staff"), nav == "staff"));
                links.Add(NavLink("/admin/audit", T("nav.audit"), nav == "audit"));
                links.Add(NavLink("/admin/invitations", T("nav.invitations"), nav == "invitations"));
                links.Add(NavLink("/admin/announcements", Announcements.AnnouncementDeskTexts.Get(Lang, "nav"), nav == "announcements"));
            }
        }

        var who = UserName is null
            ? Html.Empty
            : Html.Of($"""
                <span class="who">{UserName} · {T("role." + (Role ?? StaffRoles.Reviewer))}</span>
                <form method="post" action="/admin/logout" class="inline">{Antiforgery()}<button type="submit" class="link">{T("nav.sign-out")}</button></form>
                """);
        return Html.Of($"""
            <!doctype html>
            <html lang="{Lang}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{title} · {T("desk.title")}</title>
            <link rel="stylesheet" href="/admin/assets/admin.css">
            <link rel="icon" href="data:,">
            </head>
            <body>
            <header class="top">
            <a class="brand" href="/admin">{T("desk.title")}</a>
            <nav>{links}</nav>
            <div class="account">{who}<a class="lang" href="{OtherLanguageUrl()}" hreflang="{(Lang == "en" ? "bg" : "en")}">{T("nav.other-language")}</a></div>
            </header>
            <main>
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
    }

    private static Html NavLink(string href, string text, bool active) =>
        active ? Html.Of($"<a href=\"{href}\" aria-current=\"page\">{text}</a>") : Html.Of($"<a href=\"{href}\">{text}</a>");

    private static string PickLanguage(HttpContext http)
    {
        var asked = http.Request.Query["lang"].ToString();
        if (asked is "bg" or "en")
        {
            http.Response.Cookies.Append(LanguageCookie, asked, new CookieOptions
            {
                HttpOnly = true,
                Secure = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = TimeSpan.FromDays(365),
                IsEssential = true,
            });
            return asked;
        }

        if (http.Request.Cookies.TryGetValue(LanguageCookie, out var remembered) && remembered is "bg" or "en")
        {
            return remembered;
        }

        var accept = http.Request.Headers.AcceptLanguage.ToString();
        return accept.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "bg";
    }

    private static TimeZoneInfo FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.Utc;
        }
    }
}

/// <summary>A rendered admin page.</summary>
public sealed class HtmlResult(Html html, int statusCode = StatusCodes.Status200OK) : IResult
{
    public Html Html { get; } = html;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "text/html; charset=utf-8";
        await httpContext.Response.WriteAsync(Html.Value, httpContext.RequestAborted);
    }
}

/// <summary>Builds admin links with properly escaped query strings.</summary>
public static class AdminUrl
{
    public static string With(string path, params (string Key, string? Value)[] query)
    {
        var parts = query
            .Where(q => !string.IsNullOrEmpty(q.Value))
            .Select(q => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(q.Value!))
            .ToList();
        return parts.Count == 0 ? path : path + "?" + string.Join("&", parts);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);
}
