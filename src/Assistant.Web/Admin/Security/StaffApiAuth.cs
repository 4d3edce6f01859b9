using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Net.Http.Headers;

namespace Assistant.Web.Admin.Security;

/// <summary>
/// The admin API accepts the staff cookie or HTTP Basic with a staff account (for scripts). Basic credentials go through
/// the same lockout as the sign-in form; a verified one is remembered briefly (<see cref="StaffBasicCache"/>), so a script
/// pays the password hashing once, not on every request. Runs as an endpoint filter, i.e. after the API rate limit, so a flood of guesses
/// is turned away before any password is hashed.
/// </summary>
public static class StaffApiAuth
{
    public const string Challenge = "Basic realm=\"Assistant staff\", charset=\"UTF-8\"";

    public static async ValueTask<object?> RequireStaffAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var cookie = await http.AuthenticateAsync(StaffRoles.Scheme);
        if (cookie.Succeeded && cookie.Principal is { } fromCookie && IsStaff(fromCookie))
        {
            http.User = fromCookie;
            return await next(context);
        }

        if (TryReadBasic(http.Request, out var name, out var password))
        {
            var verified = http.RequestServices.GetRequiredService<StaffBasicCache>();
            if (await verified.FindAsync(name, password, http.RequestAborted) is { } known && IsStaffRole(known.Role))
            {
                http.User = StaffCookieEvents.PrincipalFor(known);
                return await next(context);
            }

            var signIn = http.RequestServices.GetRequiredService<StaffSignIn>();
            var outcome = await signIn.CheckAsync(name, password, ClientAddress.Of(http), http.RequestAborted);
            if (outcome is { Kind: SignInResultKind.Success, Account: { } account })
            {
                verified.Remember(name, password, account);
                http.User = StaffCookieEvents.PrincipalFor(account);
                return await next(context);
            }

            http.Response.Headers.WWWAuthenticate = Challenge;
            return Results.Text(outcome.Kind == SignInResultKind.LockedOut
                    ? "Too many failed sign-ins from this address; wait a few minutes and try again.\n"
                    : "Wrong name or password.\n",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        }

        http.Response.Headers.WWWAuthenticate = Challenge;
        return Results.Text("Sign in with the staff cookie or HTTP Basic (a staff account).\n", "text/plain; charset=utf-8",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    private static bool IsStaffRole(string role) => role is StaffRoles.Admin or StaffRoles.Reviewer;

    private static bool IsStaff(ClaimsPrincipal principal) =>
        principal.IsInRole(StaffRoles.Admin) || principal.IsInRole(StaffRoles.Reviewer);

    private static bool TryReadBasic(HttpRequest request, out string name, out string password)
    {
        name = password = "";
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..].Trim()));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                return false;
            }

            name = decoded[..colon];
            password = decoded[(colon + 1)..];
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
