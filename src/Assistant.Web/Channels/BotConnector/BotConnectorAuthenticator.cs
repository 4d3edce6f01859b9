using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Web.Channels.BotConnector;

public enum BotConnectorAuthMode
{
    /// <summary>An AppId is configured: every request needs a Bot Connector token for it.</summary>
    Required,

    /// <summary>No AppId, in Development: anyone may post (the Bot Framework Emulator's local mode).</summary>
    Off,

    /// <summary>No AppId outside Development and Production (e.g. Staging): every request is refused.</summary>
    Refusing,
}

/// <summary>Who sent a request: the Bot Connector (with what its token says), or nobody checked (authentication off).</summary>
public sealed class ConnectorCaller
{
    public static readonly ConnectorCaller Unauthenticated = new(false, new HashSet<string>(), null);

    public ConnectorCaller(bool authenticated, IReadOnlySet<string> endorsements, string? serviceUrlClaim)
    {
        Authenticated = authenticated;
        Endorsements = endorsements;
        ServiceUrlClaim = serviceUrlClaim;
    }

    public bool Authenticated { get; }

    /// <summary>The channels the key that signed the token may vouch for.</summary>
    public IReadOnlySet<string> Endorsements { get; }

    public string? ServiceUrlClaim { get; }
}

/// <summary>
/// Where the replies of one activity may be posted. Only <see cref="BotConnectorAuthenticator"/> creates one, after it
/// has checked the activity's serviceUrl against the token (or authentication is off in Development): the assistant
/// never posts to an address a caller merely claimed.
/// </summary>
public sealed class ReplyTarget
{
    internal ReplyTarget(Uri serviceUrl, bool sendToken)
    {
        ServiceUrl = serviceUrl;
        SendToken = sendToken;
    }

    public Uri ServiceUrl { get; }

    /// <summary>Whether the outbound calls carry the bot's client-credentials token (never without authentication).</summary>
    public bool SendToken { get; }
}

/// <summary>
/// Authenticates Bot Connector requests as the Bot Framework specifies: a Bearer JWT issued by
/// https://api.botframework.com for our AppId, signed with a key from the Connector's OpenID metadata, within its
/// lifetime (5 minutes of clock skew), from a key endorsed for the activity's channel, and whose serviceurl claim is the
/// activity's serviceUrl.
/// </summary>
public sealed class BotConnectorAuthenticator
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotFrameworkOptions _options;
    private readonly IConfigurationManager<BotConnectorMetadata> _metadata;
    private readonly JsonWebTokenHandler _handler = new();

    public BotConnectorAuthenticator(IOptions<BotFrameworkOptions> options, IHostEnvironment environment,
        IConfigurationManager<BotConnectorMetadata> metadata)
    {
        _options = options.Value;
        _metadata = metadata;
        Mode = ModeFor(_options, environment);
    }

    public BotConnectorAuthMode Mode { get; }

    public static BotConnectorAuthMode ModeFor(BotFrameworkOptions options, IHostEnvironment environment) =>
        options.AuthenticationEnabled ? BotConnectorAuthMode.Required
        : environment.IsDevelopment() ? BotConnectorAuthMode.Off
        : BotConnectorAuthMode.Refusing;

    /// <summary>
    /// Checks the Authorization header: returns the caller, or why it is refused. Throws
    /// <see cref="InvalidOperationException"/> when the Connector's keys cannot be had.
    /// </summary>
    public async Task<(ConnectorCaller? Caller, string? Failure)> AuthenticateAsync(string? authorization, CancellationToken cancellationToken)
    {
        switch (Mode)
        {
            case BotConnectorAuthMode.Off:
                return (ConnectorCaller.Unauthenticated, null);
            case BotConnectorAuthMode.Refusing:
                return (null, $"{BotFrameworkOptions.SectionName}:AppId is not configured and authentication may be off only in Development");
        }

        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return (null, "no Bearer token");
        }

        var token = authorization[7..].Trim();
        string? keyId;
        try
        {
            keyId = new JsonWebToken(token).Kid;
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenException or FormatException or System.Text.Json.JsonException)
        {
            return (null, "the token is not a JWT");
        }

        var metadata = await _metadata.GetConfigurationAsync(cancellationToken);
        if (!string.IsNullOrEmpty(keyId) && metadata.OpenId.SigningKeys.All(k => k.KeyId != keyId))
        {
            // The Connector may have rotated its keys since they were cached: look again (at most every 5 minutes).
            _metadata.RequestRefresh();
            metadata = await _metadata.GetConfigurationAsync(cancellationToken);
        }

        var result = await _handler.ValidateTokenAsync(token, Parameters(metadata));
        if (!result.IsValid)
        {
            return (null, $"{result.Exception?.GetType().Name}: {result.Exception?.Message}");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var serviceUrl = jwt.Claims.FirstOrDefault(c => string.Equals(c.Type, "serviceurl", StringComparison.OrdinalIgnoreCase))?.Value;
        return (new ConnectorCaller(true, metadata.EndorsementsOf(jwt.SigningKey?.KeyId ?? keyId), serviceUrl), null);
    }

    /// <summary>
    /// With authentication off (Development only), who may still post: callers on this machine, and only for channels
    /// other than the server's own (a <c>directline</c> or <c>telegram</c> activity would act as one of their participants).
    /// </summary>
    public static string? RefuseUnauthenticated(IPAddress? remote, string? channelId) =>
        remote is null || !IPAddress.IsLoopback(remote) ? "authentication is off, so only callers on this machine may post"
        : channelId is ChannelIds.DirectLine or ChannelIds.Telegram ? $"channel '{channelId}' belongs to the server's own channels"
        : null;

    /// <summary>
    /// Checks the activity against the caller's token: the signing key endorses its channel and the token names its
    /// serviceUrl. On success gives where its replies may go (null when it names no usable serviceUrl and authentication
    /// is off).
    /// </summary>
    public bool TryAuthorize(ConnectorCaller caller, Activity activity, out ReplyTarget? target, out string? failure)
    {
        target = null;
        failure = null;
        var serviceUrl = ParseServiceUrl(activity.ServiceUrl);
        if (!caller.Authenticated)
        {
            // Only reachable with authentication off, which only Development allows: any serviceUrl goes.
            target = serviceUrl is null ? null : new ReplyTarget(serviceUrl, sendToken: false);
            return Mode == BotConnectorAuthMode.Off;
        }

        if (string.IsNullOrEmpty(activity.ChannelId) || !caller.Endorsements.Contains(activity.ChannelId))
        {
            failure = $"the signing key does not endorse channel '{activity.ChannelId}'";
            return false;
        }

        if (caller.ServiceUrlClaim is null || !string.Equals(caller.ServiceUrlClaim, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            failure = $"the token's serviceurl claim '{caller.ServiceUrlClaim}' is not the activity's serviceUrl '{activity.ServiceUrl}'";
            return false;
        }

        if (serviceUrl is null)
        {
            failure = $"the serviceUrl '{activity.ServiceUrl}' is not an absolute HTTP(S) address";
            return false;
        }

        target = new ReplyTarget(serviceUrl, sendToken: true);
        return true;
    }

    private TokenValidationParameters Parameters(BotConnectorMetadata metadata) => new()
    {
        ValidIssuer = BotFrameworkOptions.ChannelTokenIssuer,
        ValidAudience = _options.AppId,
        IssuerSigningKeys = metadata.OpenId.SigningKeys,
        ValidAlgorithms = metadata.OpenId.IdTokenSigningAlgValuesSupported.Count > 0
            ? metadata.OpenId.IdTokenSigningAlgValuesSupported
            : [SecurityAlgorithms.RsaSha256],
        TryAllIssuerSigningKeys = false,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = ClockSkew,
    };

    private static Uri? ParseServiceUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : null;
}
