namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// The Azure Bot registration the assistant answers as. With no <see cref="AppId"/> the Bot Connector endpoint runs
/// without authentication, which only Development allows (the Bot Framework Emulator works that way); elsewhere the
/// endpoint is off unless an App ID is configured.
/// </summary>
public sealed class BotFrameworkOptions
{
    public const string SectionName = "BotFramework";

    /// <summary>The Bot Connector's OpenID metadata: where the keys that sign its tokens are listed.</summary>
    public const string PublicOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>The issuer of every token the Bot Connector sends to a bot.</summary>
    public const string ChannelTokenIssuer = "https://api.botframework.com";

    /// <summary>The scope of the client-credentials token the bot sends with its replies.</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    /// <summary>The tenant that issues tokens for multi-tenant bots.</summary>
    public const string MultiTenantAuthority = "botframework.com";

    /// <summary>The Entra instance tokens are requested from, unless <see cref="Instance"/> says otherwise.</summary>
    public const string PublicInstance = "https://login.microsoftonline.com/";

    /// <summary>The Azure Bot's app type, as the Azure portal names it (<c>MicrosoftAppType</c>).</summary>
    public const string MultiTenant = "MultiTenant";

    public const string SingleTenant = "SingleTenant";

    public const string UserAssignedMsi = "UserAssignedMSI";

    private const string TokenPathSuffix = "/oauth2/v2.0/token";

    /// <summary>
    /// Whether <c>/api/messages</c> is served. Unset (the default): on when an <see cref="AppId"/> is configured, and in
    /// Development (the Emulator's unauthenticated mode); off otherwise, so a deployment with web chat and Telegram only
    /// needs no Bot Framework registration. <c>false</c> turns it off everywhere.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The Microsoft App ID of the Azure Bot; the audience of inbound tokens and the client id of outbound ones.</summary>
    public string AppId { get; set; } = "";

    /// <summary>
    /// <c>MultiTenant</c>, <c>SingleTenant</c> or <c>UserAssignedMSI</c>; empty means SingleTenant when
    /// <see cref="TenantId"/> is set, else MultiTenant (the bots registered before app types existed).
    /// </summary>
    public string AppType { get; set; } = "";

    /// <summary>The client secret of that app registration (not needed with a certificate or a managed identity).</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>The Entra tenant of a single-tenant bot; empty for a multi-tenant one.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>
    /// A certificate registered on the app, used instead of <see cref="AppPassword"/>: a PKCS#12 file (<c>.pfx</c>,
    /// <c>.p12</c>) or a PEM file with the certificate (and its private key, unless <see cref="CertificateKeyPath"/>).
    /// </summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The PEM private key of the certificate when it is in a file of its own.</summary>
    public string CertificateKeyPath { get; set; } = "";

    /// <summary>The password of a PKCS#12 file or of an encrypted PEM key; empty when there is none.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>
    /// Send the certificate chain with each token request (<c>x5c</c>), as subject name and issuer authentication needs.
    /// </summary>
    public bool CertificateSendX5c { get; set; }

    public string OpenIdMetadataUrl { get; set; } = PublicOpenIdMetadataUrl;

    /// <summary>The Entra instance (cloud) that issues the bot's tokens; another for a national cloud or a test stand-in.</summary>
    public string Instance { get; set; } = PublicInstance;

    /// <summary>
    /// Earlier setting kept working: the full token endpoint (<c>{instance}{tenant}/oauth2/v2.0/token</c>); when set, it
    /// decides the authority instead of <see cref="Instance"/> and <see cref="TenantId"/>.
    /// </summary>
    public string TokenEndpoint { get; set; } = "";

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(AppId);

    public bool IsEnabled(IHostEnvironment environment) => Enabled ?? (AuthenticationEnabled || environment.IsDevelopment());

    /// <summary>The app type in effect (see <see cref="AppType"/>).</summary>
    public string EffectiveAppType => AppType.Trim() switch
    {
        "" => string.IsNullOrWhiteSpace(TenantId) ? MultiTenant : SingleTenant,
        var type when type.Equals(MultiTenant, StringComparison.OrdinalIgnoreCase) => MultiTenant,
        var type when type.Equals(SingleTenant, StringComparison.OrdinalIgnoreCase) => SingleTenant,
        var type when type.Equals(UserAssignedMsi, StringComparison.OrdinalIgnoreCase) => UserAssignedMsi,
        var type => type,
    };

    public bool UsesManagedIdentity => EffectiveAppType == UserAssignedMsi;

    public bool UsesCertificate => !string.IsNullOrWhiteSpace(CertificatePath);

    /// <summary>
    /// The authority tokens come from: <c>{Instance}{TenantId}</c> for a single-tenant bot,
    /// <c>{Instance}botframework.com</c> for a multi-tenant one, or what <see cref="TokenEndpoint"/> names.
    /// </summary>
    public Uri ResolveAuthority()
    {
        if (!string.IsNullOrWhiteSpace(TokenEndpoint))
        {
            var endpoint = TokenEndpoint.Trim().TrimEnd('/');
            return new Uri(endpoint.EndsWith(TokenPathSuffix, StringComparison.OrdinalIgnoreCase)
                ? endpoint[..^TokenPathSuffix.Length]
                : endpoint);
        }

        var instance = string.IsNullOrWhiteSpace(Instance) ? PublicInstance : Instance.Trim();
        var tenant = EffectiveAppType == MultiTenant || string.IsNullOrWhiteSpace(TenantId) ? MultiTenantAuthority : TenantId.Trim();
        return new Uri(instance.TrimEnd('/') + "/" + tenant);
    }

    /// <summary>Whether the authority is Entra's own public instance (whose instance discovery MSAL may use).</summary>
    public bool UsesPublicInstance => string.IsNullOrWhiteSpace(TokenEndpoint)
        && (string.IsNullOrWhiteSpace(Instance) || Instance.Trim().TrimEnd('/') == PublicInstance.TrimEnd('/'));

    /// <summary>HTTPS, or plain HTTP on the loopback interface (local stand-ins in tests).</summary>
    public static bool IsSecureOrLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
