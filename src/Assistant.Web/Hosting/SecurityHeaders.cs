namespace Assistant.Web.Hosting;

/// <summary>Headers for the pages the server renders: no framing, no sniffing, a Content-Security-Policy.</summary>
public static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                // The chat page may be framed by the sites of Embed:AllowedOrigins; everything else by nobody.
                var embedders = IsChatPage(context.Request.Path) ? WebChatServiceCollectionExtensions.EmbeddingOrigins(context) : [];
                if (embedders.Count == 0)
                {
                    headers.XFrameOptions = "DENY";
                }
                headers["Referrer-Policy"] = "no-referrer";
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    var host = context.Request.Host.Value;
                    // Web Chat injects its styles at run time, hence 'unsafe-inline' for styles only.
                    headers.ContentSecurityPolicy =
                        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
                        $"connect-src 'self' ws://{host} wss://{host} blob:; media-src 'self' blob: data:; worker-src 'self' blob:; " +
                        $"frame-ancestors {(embedders.Count == 0 ? "'none'" : "'self' " + string.Join(' ', embedders))}; base-uri 'none'; form-action 'self'";
                }

                return Task.CompletedTask;
            });
            await next();
        });

    private static bool IsChatPage(PathString path) =>
        path.Value is "/" or "/index.html" or "/privacy";
}
