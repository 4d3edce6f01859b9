namespace Assistant.Web.Hosting;

public static class RateLimitKeys
{
    /// <summary>
    /// The client address the per-IP limits count by: the connection's remote address, or behind a trusted reverse proxy
    /// (<c>ForwardedHeaders:KnownProxies</c>/<c>KnownNetworks</c>) the client address the proxy reports.
    /// </summary>
    public static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
