using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// The bot's token for calls to the Bot Connector (scope https://api.botframework.com/.default), from Microsoft Entra
/// through MSAL: with the app's client secret or certificate (single- or multi-tenant), or a user-assigned managed
/// identity. MSAL keeps the token and renews it shortly before it expires; a token the Connector refused is replaced.
/// </summary>
public sealed class BotConnectorTokens
{
    /// <summary>The HttpClient MSAL talks to the token endpoint with (and the test stand-in's trust is set on).</summary>
    public const string HttpClientName = "BotConnector.Token";

    /// <summary>The Connector's resource, for a managed identity (which takes a resource, not a scope).</summary>
    public const string ConnectorResource = "https://api.botframework.com";

    private readonly Lazy<Func<bool, CancellationToken, Task<AuthenticationResult>>> _acquire;
    private readonly ILogger<BotConnectorTokens> _logger;
    private string? _refused;

    public BotConnectorTokens(IHttpClientFactory httpClients, IOptions<BotFrameworkOptions> options, ILogger<BotConnectorTokens> logger)
    {
        _logger = logger;
        _acquire = new(() => Build(options.Value, new MsalHttpClients(httpClients), logger));
    }

    /// <summary>A valid token: MSAL's cached one, or a new one when it is about to expire or was refused.</summary>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var result = await _acquire.Value(false, cancellationToken);
        if (result.AccessToken == Volatile.Read(ref _refused))
        {
            result = await _acquire.Value(true, cancellationToken);
        }

        if (result.AuthenticationResultMetadata.TokenSource != TokenSource.Cache)
        {
            _logger.LogInformation("Got a Bot Connector token valid until {ExpiresOn:u}", result.ExpiresOn);
        }

        return result.AccessToken;
    }

    /// <summary>Forgets a token the Connector refused, so that the next call asks for a new one.</summary>
    public void Invalidate(string token) => Volatile.Write(ref _refused, token);

    private static Func<bool, CancellationToken, Task<AuthenticationResult>> Build(BotFrameworkOptions settings, MsalHttpClients http,
        ILogger logger)
    {
        if (settings.UsesManagedIdentity)
        {
            var identity = ManagedIdentityApplicationBuilder.Create(ManagedIdentityId.WithUserAssignedClientId(settings.AppId.Trim()))
                .WithHttpClientFactory(http)
                .WithLogging((level, message, _) => Log(logger, level, message), Microsoft.Identity.Client.LogLevel.Warning, enablePiiLogging: false)
                .Build();
            return (force, cancellationToken) => identity.AcquireTokenForManagedIdentity(ConnectorResource)
                .WithForceRefresh(force)
                .ExecuteAsync(cancellationToken);
        }

        var builder = ConfidentialClientApplicationBuilder.Create(settings.AppId.Trim())
            .WithHttpClientFactory(http)
            .WithLogging((level, message, _) => Log(logger, level, message), Microsoft.Identity.Client.LogLevel.Warning, enablePiiLogging: false);
        builder = settings.UsesPublicInstance
            ? builder.WithAuthority(settings.ResolveAuthority().AbsoluteUri)
            // Another cloud or a stand-in: its authority is taken as configured, without asking Entra's instance discovery.
            : builder.WithAuthority(settings.ResolveAuthority().AbsoluteUri, validateAuthority: false).WithInstanceDiscovery(false);
        builder = settings.UsesCertificate
            ? builder.WithCertificate(LoadCertificate(settings), settings.CertificateSendX5c)
            : builder.WithClientSecret(settings.AppPassword);
        var app = builder.Build();
        string[] scopes = [BotFrameworkOptions.ConnectorScope];
        return (force, cancellationToken) => app.AcquireTokenForClient(scopes).WithForceRefresh(force).ExecuteAsync(cancellationToken);
    }

    /// <summary>A PKCS#12 file, or a PEM certificate with its key in the same file or in <c>CertificateKeyPath</c>.</summary>
    public static X509Certificate2 LoadCertificate(BotFrameworkOptions settings)
    {
        var path = settings.CertificatePath.Trim();
        var password = string.IsNullOrEmpty(settings.CertificatePassword) ? null : settings.CertificatePassword;
        var certificate = Path.GetExtension(path).ToLowerInvariant() is ".pfx" or ".p12"
            ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
            : password is null
                ? X509Certificate2.CreateFromPemFile(path, NullIfEmpty(settings.CertificateKeyPath))
                : X509Certificate2.CreateFromEncryptedPemFile(path, password, NullIfEmpty(settings.CertificateKeyPath));
        if (!certificate.HasPrivateKey)
        {
            throw new InvalidOperationException(
                $"{BotFrameworkOptions.SectionName}:CertificatePath '{path}' holds no private key; put the key in the same file or in CertificateKeyPath.");
        }

        return certificate;
    }

    private static string? NullIfEmpty(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static void Log(ILogger logger, Microsoft.Identity.Client.LogLevel level, string message)
    {
        if (level <= Microsoft.Identity.Client.LogLevel.Warning)
        {
            logger.LogWarning("MSAL: {Message}", message);
        }
    }

    /// <summary>MSAL's HTTP through the host's factory (handlers, telemetry and the test stand-in's trust apply).</summary>
    private sealed class MsalHttpClients(IHttpClientFactory httpClients) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => httpClients.CreateClient(HttpClientName);
    }
}
