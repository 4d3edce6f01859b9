using System.Net;

namespace Assistant.Web.Hosting;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> the server believes (section
/// <c>ForwardedHeaders</c>; not named after it, to keep clear of ASP.NET Core's own <c>ForwardedHeadersOptions</c>).
/// Empty lists trust nobody: the headers are ignored and the connection's own address and scheme count. ASP.NET Core's
/// built-in default (the loopback address as a trusted proxy) is not kept: only what is configured here is trusted.
/// </summary>
public sealed class TrustedProxiesOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.5</c> or <c>::1</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>
    /// How many proxies in a row are believed (entries taken from the right of <c>X-Forwarded-For</c>); each of them must
    /// itself be trusted. 1 fits one proxy in front of the server.
    /// </summary>
    public int ForwardLimit { get; set; } = 1;

    public bool TrustsAnyProxy => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<string> Problems()
    {
        foreach (var proxy in KnownProxies)
        {
            if (!IPAddress.TryParse(proxy.Trim(), out _))
            {
                yield return $"{SectionName}:KnownProxies: '{proxy}' is not an IP address (e.g. 10.0.0.5).";
            }
        }

        foreach (var network in KnownNetworks)
        {
            if (!IPNetwork.TryParse(network.Trim(), out _))
            {
                yield return $"{SectionName}:KnownNetworks: '{network}' is not a network in CIDR notation (e.g. 10.0.0.0/24).";
            }
        }

        if (ForwardLimit < 1)
        {
            yield return $"{SectionName}:ForwardLimit must be at least 1.";
        }
    }
}
