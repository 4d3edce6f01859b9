namespace Assistant.Web.Admin.Security;

/// <summary>The address a staff request comes from, as the sign-in throttle counts it.</summary>
public static class ClientAddress
{
    public static string Of(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
