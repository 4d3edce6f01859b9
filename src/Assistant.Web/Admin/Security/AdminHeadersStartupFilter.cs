namespace Assistant.Web.Admin.Security;

/// <summary>
/// Headers for <c>/admin</c> and <c>/api/admin</c>. Registered as a startup filter so that it wraps the whole pipeline:
/// its OnStarting callback is registered first and therefore runs last, and its Content-Security-Policy (stricter than
/// the chat page's: no scripts, no inline styles, no WebSockets) is the one the browser gets. Nothing an admin page
/// shows may be cached. Every cookie set on these paths (session, antiforgery, language) is forced to Secure, HttpOnly
/// and SameSite=Strict by the cookie policy, whatever the request's scheme: the antiforgery system refuses
/// <c>SecurePolicy = Always</c> on a plain-HTTP request (e.g. behind a TLS-terminating proxy or on localhost), the
/// cookie policy has no such check.
/// </summary>
public sealed class AdminHeadersStartupFilter : IStartupFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (IsAdminPath(context.Request.Path))
            {
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers.XContentTypeOptions = "nosniff";
                    headers.XFrameOptions = "DENY";
                    headers["Referrer-Policy"] = "no-referrer";
                    headers["Cross-Origin-Opener-Policy"] = "same-origin";
                    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
                    return Task.CompletedTask;
                });
            }

            await nextMiddleware(context);
        });
        app.UseWhen(context => IsAdminPath(context.Request.Path), admin => admin.UseCookiePolicy(new CookiePolicyOptions
        {
            Secure = CookieSecurePolicy.Always,
            HttpOnly = Microsoft.AspNetCore.CookiePolicy.HttpOnlyPolicy.Always,
            MinimumSameSitePolicy = SameSiteMode.Strict,
        }));
        next(app);
    };

    public static bool IsAdminPath(PathString path) =>
        path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase);
}
