using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Hosting;

public static class ForwardedHeadersServiceCollectionExtensions
{
    /// <summary>
    /// Behind a TLS-terminating reverse proxy: the client address (<c>X-Forwarded-For</c>) and scheme
    /// (<c>X-Forwarded-Proto</c>) as the configured trusted proxies report them, so per-IP limits, logs and the staff
    /// sign-in throttle count real clients, and Direct Line hands out <c>wss://</c> stream URLs on an https page. The
    /// proxy passes the Host header through (<c>proxy_set_header Host $http_host</c>), so no forwarded host is needed.
    /// </summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxiesOptions>().BindConfiguration(TrustedProxiesOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TrustedProxiesOptions>, TrustedProxiesValidator>();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxiesOptions>>((forwarded, trusted) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.ForwardLimit = trusted.Value.ForwardLimit;
            // ASP.NET Core trusts the loopback address out of the box; here only the configured proxies are trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in trusted.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy.Trim()));
            }

            foreach (var network in trusted.Value.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline. With no trusted proxy configured the middleware is left out altogether: ASP.NET Core's
    /// middleware with empty lists would believe the headers from any client.
    /// </summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app)
    {
        var trusted = app.ApplicationServices.GetRequiredService<IOptions<TrustedProxiesOptions>>().Value;
        return trusted.TrustsAnyProxy ? app.UseForwardedHeaders() : app;
    }

    private sealed class TrustedProxiesValidator : IValidateOptions<TrustedProxiesOptions>
    {
        public ValidateOptionsResult Validate(string? name, TrustedProxiesOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
