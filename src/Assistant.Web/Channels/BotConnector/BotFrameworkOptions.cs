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

    /// <summary>
    /// Whether <c>/api/messages</c> is served. Unset (the default): on when an <see cref="AppId"/> is configured, and in
    /// Development (the Emulator's unauthenticated mode); off otherwise, so a deployment with web chat and Telegram only
    /// needs no Bot Framework registration. <c>false</c> turns it off everywhere.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>The Microsoft App ID of the Azure Bot; the audience of inbound tokens and the client id of outbound ones.</summary>
    public string AppId { get; set; } = "";

    /// <summary>The client secret of that app registration.</summary>
    public string AppPassword { get; set; } = "";

    /// <summary>The Entra tenant of a single-tenant bot; empty for a multi-tenant one.</summary>
    public string TenantId { get; set; } = "";

    public string OpenIdMetadataUrl { get; set; } = PublicOpenIdMetadataUrl;

    /// <summary>
    /// The client-credentials token endpoint; empty means <c>https://login.microsoftonline.com/{TenantId or
    /// botframework.com}/oauth2/v2.0/token</c>. Set it only for another cloud or a test stand-in.
    /// </summary>
    public string TokenEndpoint { get; set; } = "";

    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(AppId);

    public bool IsEnabled(IHostEnvironment environment) => Enabled ?? (AuthenticationEnabled || environment.IsDevelopment());

    public Uri ResolveTokenEndpoint() => new(!string.IsNullOrWhiteSpace(TokenEndpoint)
        ? TokenEndpoint
        : $"https://login.microsoftonline.com/{(string.IsNullOrWhiteSpace(TenantId) ? MultiTenantAuthority : TenantId.Trim())}/oauth2/v2.0/token");

    /// <summary>HTTPS, or plain HTTP on the loopback interface (local stand-ins in tests).</summary>
    public static bool IsSecureOrLoopback(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
