namespace Assistant.Web.Admin.Security;

/// <summary>
/// The address a staff request comes from, as the sign-in throttle counts it: behind a trusted reverse proxy the client's
/// address as the proxy reports it (the forwarded-headers middleware has replaced the connection's address by then).
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
