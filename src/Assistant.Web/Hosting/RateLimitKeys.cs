namespace Assistant.Web.Hosting;

public static class RateLimitKeys
{
    /// <summary>
    /// The client address the per-IP limits count by: the connection's remote address (behind a reverse proxy, the
    /// proxy's).
    /// </summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
