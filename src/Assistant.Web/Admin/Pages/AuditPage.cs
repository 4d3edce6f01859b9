using System.Globalization;
using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>The audit log (admins): who erased, exported, changed accounts or decided about questions, and when.</summary>
public static class AuditPage
{
    public const int PageSize = 100;

    public static async Task<IResult> ShowAsync(HttpContext http, IAuditLogStore audit, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var page = int.TryParse(http.Request.Query["page"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        var entries = await audit.ListAsync((page - 1) * PageSize, PageSize + 1, cancellationToken);
        var rows = entries.Take(PageSize).Select(e => Html.Of($"""
            <tr><td>{view.Time(e.At)}</td><td>{e.Actor}</td><td><code>{e.Action}</code></td><td class="text">{Html.User(e.Subject, 200)}</td><td class="text">{Html.User(e.Details ?? "", 500)}</td></tr>
            """));
        var pager = Html.Of($"""
            <nav class="pager">
            {(page > 1 ? Html.Of($"<a href=\"/admin/audit?page={page - 1}\" rel=\"prev\">← {view.T("pager.previous")}</a>") : Html.Empty)}
            {(entries.Count > PageSize ? Html.Of($"<a href=\"/admin/audit?page={page + 1}\" rel=\"next\">{view.T("pager.next")} →</a>") : Html.Empty)}
            </nav>
            """);
        var body = Html.Of($"""
            <table class="data">
            <thead><tr><th>{view.T("audit.when")}</th><th>{view.T("audit.who")}</th><th>{view.T("audit.action")}</th><th>{view.T("audit.subject")}</th><th>{view.T("audit.details")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            {pager}
            """);
        return view.Page(view.T("audit.title"), body, "audit");
    }
}
