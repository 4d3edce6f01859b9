using Assistant.Web.Admin.Rendering;
using Assistant.Web.Admin.Security;
using Microsoft.AspNetCore.Authentication;

namespace Assistant.Web.Admin.Pages;

/// <summary>Sign-in (rate limited, locked out after repeated failures), sign-out and the access-denied page.</summary>
public static class LoginPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, string? returnUrl)
    {
        var signedIn = await http.AuthenticateAsync(StaffRoles.Scheme);
        if (signedIn.Succeeded)
        {
            return Results.Redirect(SafeReturnUrl(returnUrl));
        }

        var view = new AdminView(http);
        return view.Page(view.T("login.title"), Form(view, "", returnUrl, null), "login");
    }

    public static async Task<IResult> SubmitAsync(HttpContext http, StaffSignIn signIn, CancellationToken cancellationToken)
    {
        var form = await http.Request.ReadFormAsync(cancellationToken);
        var name = form["name"].ToString();
        var returnUrl = form["returnUrl"].ToString();
        var outcome = await signIn.CheckAsync(name, form["password"].ToString(), ClientAddress.Of(http), cancellationToken);
        var view = new AdminView(http);
        switch (outcome)
        {
            case { Kind: SignInResultKind.Success, Account: { } account }:
                await http.SignInAsync(StaffRoles.Scheme, StaffCookieEvents.PrincipalFor(account),
                    new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
                await signIn.AuditAsync(account.Name, "staff.sign-in", account.Name, null, cancellationToken);
                return Results.Redirect(SafeReturnUrl(returnUrl));
            case { Kind: SignInResultKind.LockedOut }:
                return view.Page(view.T("login.title"), Form(view, name, returnUrl, view.T("login.locked")), "login",
                    StatusCodes.Status401Unauthorized);
            default:
                return view.Page(view.T("login.title"), Form(view, name, returnUrl, view.T("login.failed")), "login",
                    StatusCodes.Status401Unauthorized);
        }
    }

    /// <summary>Signs out everywhere: the account's security stamp changes, so no copy of the session cookie works any more.</summary>
    public static async Task<IResult> SignOutAsync(HttpContext http, StaffSignIn signIn, StaffAccounts accounts,
        CancellationToken cancellationToken)
    {
        var name = http.User.Identity?.Name;
        await http.SignOutAsync(StaffRoles.Scheme);
        if (name is not null)
        {
            await accounts.EndSessionsAsync(name, cancellationToken);
            await signIn.AuditAsync(name, "staff.sign-out", name, null, cancellationToken);
        }

        return Results.Redirect("/admin/login");
    }

    public static IResult Denied(HttpContext http)
    {
        var view = new AdminView(http);
        return view.Page(view.T("denied.title"), Html.Of($"<p>{view.T("denied.text")}</p>"), "", StatusCodes.Status403Forbidden);
    }

    /// <summary>Only paths of the desk itself; anything else (other hosts, <c>//evil</c>, <c>/\evil</c>) goes to the dashboard.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl)
        && returnUrl.StartsWith("/admin", StringComparison.Ordinal)
        && !returnUrl.StartsWith("/admin/login", StringComparison.Ordinal)
        && !returnUrl.Contains("//", StringComparison.Ordinal)
        && !returnUrl.Contains('\\', StringComparison.Ordinal)
        && returnUrl.All(c => c > ' ' && c < 127)
            ? returnUrl
            : "/admin";

    private static Html Form(AdminView view, string name, string? returnUrl, string? error)
    {
        var message = error is null ? Html.Empty : Html.Of($"<p class=\"error\" role=\"alert\">{error}</p>");
        return Html.Of($"""
            <form method="post" action="/admin/login" class="card narrow">
            {view.Antiforgery()}
            <input type="hidden" name="returnUrl" value="{SafeReturnUrl(returnUrl)}">
            {message}
            <label>{view.T("login.name")}<input name="name" value="{name}" autocomplete="username" required maxlength="64" autofocus></label>
            <label>{view.T("login.password")}<input type="password" name="password" autocomplete="current-password" required maxlength="256"></label>
            <button type="submit">{view.T("login.submit")}</button>
            </form>
            <p class="muted narrow">{view.T("login.hint")}</p>
            """);
    }
}
