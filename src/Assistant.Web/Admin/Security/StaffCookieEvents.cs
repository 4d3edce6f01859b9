using System.Security.Claims;
using Assistant.Web.Admin.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// Checks the session against the account on every request: a deleted account, a new password or a new role (each
/// changes the security stamp) ends the session at once. API callers get 401/403 instead of a redirect.
/// </summary>
public sealed class StaffCookieEvents : CookieAuthenticationEvents
{
    public const string StampClaim = "assistant:stamp";

    public static ClaimsPrincipal PrincipalFor(StaffAccount account) =>
        new(new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, account.Name),
                new Claim(ClaimTypes.Role, account.Role),
                new Claim(StampClaim, account.SecurityStamp),
            ],
            StaffRoles.Scheme, ClaimTypes.Name, ClaimTypes.Role));

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var stamp = context.Principal?.FindFirstValue(StampClaim);
        var role = context.Principal?.FindFirstValue(ClaimTypes.Role);
        var store = context.HttpContext.RequestServices.GetRequiredService<IStaffStore>();
        var account = name is null ? null : await store.FindAsync(name, context.HttpContext.RequestAborted);
        if (account is null || account.SecurityStamp != stamp || account.Role != role)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(StaffRoles.Scheme);
        }
    }

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        }

        return base.RedirectToLogin(context);
    }

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (IsApi(context.Request))
        {
            return Task.CompletedTask;
        }

        var view = new AdminView(context.HttpContext);
        return view.Page(view.T("denied.title"), Rendering.Html.Of($"<p>{view.T("denied.text")}</p>"), "", StatusCodes.Status403Forbidden)
            .ExecuteAsync(context.HttpContext);
    }

    private static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
}
