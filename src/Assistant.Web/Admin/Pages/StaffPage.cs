using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Security;
using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Admin.Pages;

/// <summary>Account management (admins): add accounts, change roles and passwords, lift lockouts, remove accounts.</summary>
public static class StaffPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IStaffStore store, TimeProvider clock, CancellationToken cancellationToken) =>
        await PageAsync(http, store, clock, null, null, StatusCodes.Status200OK, cancellationToken);

    public static async Task<IResult> CreateAsync(HttpContext http, StaffAccounts accounts, IStaffStore store, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var change = await accounts.CreateAsync(form["name"].ToString(), form["role"].ToString(), form["password"].ToString(),
            http.User.Identity!.Name!, cancellationToken);
        return await AfterAsync(http, store, clock, change, "staff.created", cancellationToken);
    }

    public static async Task<IResult> SetRoleAsync(HttpContext http, string name, StaffAccounts accounts, IStaffStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var change = await accounts.SetRoleAsync(name, form["role"].ToString(), http.User.Identity!.Name!, cancellationToken);
        return await AfterAsync(http, store, clock, change, "staff.role-changed", cancellationToken);
    }

    public static async Task<IResult> SetPasswordAsync(HttpContext http, string name, StaffAccounts accounts, IStaffStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var change = await accounts.SetPasswordAsync(name, form["password"].ToString(), http.User.Identity!.Name!, cancellationToken);
        return await AfterAsync(http, store, clock, change, "staff.password-changed", cancellationToken);
    }

    public static async Task<IResult> UnlockAsync(HttpContext http, string name, StaffAccounts accounts, IStaffStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var change = await accounts.UnlockAsync(name, http.User.Identity!.Name!, cancellationToken);
        return await AfterAsync(http, store, clock, change, "staff.unlocked", cancellationToken);
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, string name, StaffAccounts accounts, IStaffStore store,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var change = await accounts.DeleteAsync(name, http.User.Identity!.Name!, cancellationToken);
        return await AfterAsync(http, store, clock, change, "staff.deleted", cancellationToken);
    }

    private static Task<IResult> AfterAsync(HttpContext http, IStaffStore store, TimeProvider clock, AccountChange change, string done,
        CancellationToken cancellationToken) =>
        change.Succeeded
            ? PageAsync(http, store, clock, done, change.Account!.Name, StatusCodes.Status200OK, cancellationToken)
            : PageAsync(http, store, clock, change.Error, null, StatusCodes.Status400BadRequest, cancellationToken);

    private static async Task<IResult> PageAsync(HttpContext http, IStaffStore store, TimeProvider clock, string? message, string? subject,
        int statusCode, CancellationToken cancellationToken)
    {
        var view = new AdminView(http);
        var accounts = await store.ListAsync(cancellationToken);
        var since = clock.GetUtcNow() - StaffSignIn.Window;
        var rows = new List<Html>();
        foreach (var account in accounts)
        {
            var failures = await store.CountLoginFailuresAsync(account.Name, since, cancellationToken);
            rows.Add(Row(view, account, failures));
        }

        var notice = message is null
            ? Html.Empty
            : statusCode == StatusCodes.Status200OK
                ? Html.Of($"<p class=\"success\" role=\"status\">{view.T(message, subject ?? "")}</p>")
                : Html.Of($"<p class=\"error\" role=\"alert\">{view.T(message, StaffPasswords.MinLength)}</p>");
        var body = Html.Of($"""
            {notice}
            <table class="data">
            <thead><tr><th>{view.T("staff.name")}</th><th>{view.T("staff.role")}</th><th>{view.T("staff.created-at")}</th><th>{view.T("staff.last-sign-in")}</th><th class="num">{view.T("staff.failures")}</th><th>{view.T("staff.actions")}</th></tr></thead>
            <tbody>{rows}</tbody>
            </table>
            <form method="post" action="/admin/staff" class="card narrow">
            {view.Antiforgery()}
            <h2>{view.T("staff.add")}</h2>
            <label>{view.T("staff.name")}<input name="name" required maxlength="64" autocomplete="off"></label>
            <label>{view.T("staff.role")}<select name="role"><option value="reviewer">{view.T("role.reviewer")}</option><option value="admin">{view.T("role.admin")}</option></select></label>
            <label>{view.T("login.password")}<input type="password" name="password" required minlength="{StaffPasswords.MinLength}" maxlength="{StaffPasswords.MaxLength}" autocomplete="new-password"></label>
            <button type="submit">{view.T("staff.add")}</button>
            </form>
            <p class="muted small">{view.T("staff.cli-note")}</p>
            """);
        return view.Page(view.T("staff.title"), body, "staff", statusCode);
    }

    private static Html Row(AdminView view, StaffAccount account, int failures)
    {
        var name = AdminUrl.Segment(account.Name);
        var otherRole = account.Role == StaffRoles.Admin ? StaffRoles.Reviewer : StaffRoles.Admin;
        var unlock = failures > 0
            ? Html.Of($"<form method=\"post\" action=\"/admin/staff/{name}/unlock\" class=\"inline\">{view.Antiforgery()}<button type=\"submit\" class=\"link\">{view.T("staff.unlock")}</button></form>")
            : Html.Empty;
        var self = account.Name == view.UserName;
        var delete = self
            ? Html.Empty
            : Html.Of($"<form method=\"post\" action=\"/admin/staff/{name}/delete\" class=\"inline\">{view.Antiforgery()}<button type=\"submit\" class=\"link danger\">{view.T("staff.delete")}</button></form>");
        return Html.Of($"""
            <tr>
            <td>{account.Name}</td>
            <td>{view.T("role." + account.Role)}</td>
            <td>{view.Date(account.CreatedAt)}</td>
            <td>{(account.LastSignInAt is { } last ? view.Time(last) : "—")}</td>
            <td class="num">{failures}</td>
            <td class="actions-cell">
            <form method="post" action="/admin/staff/{name}/role" class="inline">{view.Antiforgery()}<input type="hidden" name="role" value="{otherRole}"><button type="submit" class="link">{view.T("staff.make-" + otherRole)}</button></form>
            <form method="post" action="/admin/staff/{name}/password" class="inline">{view.Antiforgery()}<input type="password" name="password" required minlength="{StaffPasswords.MinLength}" maxlength="{StaffPasswords.MaxLength}" autocomplete="new-password" aria-label="{view.T("staff.new-password")}" placeholder="{view.T("staff.new-password")}"><button type="submit" class="link">{view.T("staff.set-password")}</button></form>
            {unlock}
            {delete}
            </td>
            </tr>
            """);
    }
}
