using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Assistant.Web.Channels.BotConnector;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Web.Tests.BotConnector;

/// <summary>
/// Everything of Azure the Bot Connector endpoint talks to, on loopback ports: the OpenID metadata and JWKS (a local
/// RSA key, with endorsements), the Entra token endpoint (on HTTPS with a throwaway certificate, as MSAL wants), and the
/// Connector service that records the replies posted to it. It also signs the tokens the Connector would send, and can
/// refuse replies or tokens for a while (throttling, a refused token, an outage of the token endpoint).
/// </summary>
public sealed class ConnectorStandIn : IAsyncDisposable
{
    public const string AppId = "test-app-id-0001";
    public const string AppPassword = "test-app-password";
    public const string KeyId = "test-signing-key";
    public const string Issuer = "https://api.botframework.com";

    public static readonly string[] EndorsedChannels = ["msteams", "emulator", "webchat", "directline"];

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly WebApplication _app;
    private readonly X509Certificate2 _tls;
    private readonly ConcurrentQueue<PostedReply> _posts = new();
    private readonly ConcurrentQueue<ReplyAttempt> _attempts = new();
    private readonly ConcurrentQueue<Dictionary<string, string>> _tokenRequests = new();
    private readonly ConcurrentQueue<TokenAttempt> _tokenAttempts = new();
    private readonly ConcurrentQueue<(int Status, int? RetryAfterSeconds)> _replyFailures = new();
    private int _tokenFailures;
    private int _issued;

    private ConnectorStandIn(WebApplication app, X509Certificate2 tls)
    {
        _app = app;
        _tls = tls;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The HTTPS address of the token endpoint's host (the Entra instance).</summary>
    public Uri TokenBaseAddress { get; private set; } = null!;

    /// <summary>The lifetime (expires_in) of the tokens the endpoint issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>Every reply POST, refused or not, in order.</summary>
    public IReadOnlyList<ReplyAttempt> ReplyAttempts => _attempts.ToList();

    /// <summary>Every request to the token endpoint, refused or not, in order.</summary>
    public IReadOnlyList<TokenAttempt> TokenAttempts => _tokenAttempts.ToList();

    /// <summary>The serviceUrl of activities "from" this Connector; with a path of its own, as Teams' are.</summary>
    public string ServiceUrl => new Uri(BaseAddress, "emea/").AbsoluteUri;

    public IReadOnlyList<PostedReply> Posts => _posts.ToList();

    public IReadOnlyList<Dictionary<string, string>> TokenRequests => _tokenRequests.ToList();

    public RsaSecurityKey SigningKey => new(_rsa) { KeyId = KeyId };

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var tls = SelfSignedLoopbackCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o =>
        {
            o.Listen(IPAddress.Loopback, 0);
            o.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(tls));
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var standIn = new ConnectorStandIn(app, tls);
        standIn.MapRoutes();
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        standIn.BaseAddress = addresses.First(a => a.Scheme == Uri.UriSchemeHttp);
        standIn.TokenBaseAddress = addresses.First(a => a.Scheme == Uri.UriSchemeHttps);
        return standIn;
    }

    /// <summary>The settings that point the assistant at this stand-in.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["BotFramework:AppId"] = AppId,
        ["BotFramework:AppPassword"] = AppPassword,
        ["BotFramework:OpenIdMetadataUrl"] = new Uri(BaseAddress, ".well-known/openidconfiguration").AbsoluteUri,
        ["BotFramework:Instance"] = TokenBaseAddress.AbsoluteUri,
    };

    /// <summary>
    /// Makes the assistant's token client trust this stand-in's certificate, and only it (a registration made after the
    /// server's own).
    /// </summary>
    public void TrustTokenEndpoint(IServiceCollection services)
    {
        var thumbprint = _tls.GetCertHashString();
        services.AddHttpClient(BotConnectorTokens.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == thumbprint },
        });
    }

    /// <summary>The next reply POSTs are refused with <paramref name="status"/> (and a Retry-After in seconds, if given).</summary>
    public void RefuseNextReplies(int count, int status, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < count; i++)
        {
            _replyFailures.Enqueue((status, retryAfterSeconds));
        }
    }

    /// <summary>The next requests to the token endpoint are answered 503.</summary>
    public void FailNextTokenRequests(int count) => Interlocked.Exchange(ref _tokenFailures, count);

    /// <summary>A token as the Connector signs it for our app and this serviceUrl; <paramref name="change"/> spoils it.</summary>
    public string CreateToken(Action<SecurityTokenDescriptor>? change = null, SecurityKey? key = null, string? serviceUrl = null)
    {
        var now = DateTime.UtcNow;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = AppId,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(59),
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl ?? ServiceUrl },
            SigningCredentials = new SigningCredentials(key ?? SigningKey, SecurityAlgorithms.RsaSha256),
        };
        change?.Invoke(descriptor);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    public async Task<IReadOnlyList<PostedReply>> WaitForPostsAsync(int count, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (_posts.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }

        return Posts;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
        _tls.Dispose();
    }

    private static X509Certificate2 SelfSignedLoopbackCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12 so that the key is usable by the TLS stack on every platform.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    private void MapRoutes()
    {
        _app.MapGet("/.well-known/openidconfiguration", () => Results.Json(new JsonObject
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = "https://invalid.botframework.com",
            ["jwks_uri"] = new Uri(BaseAddress, ".well-known/keys").AbsoluteUri,
            ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
            ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
        }));

        _app.MapGet("/.well-known/keys", () =>
        {
            var parameters = _rsa.ExportParameters(includePrivateParameters: false);
            return Results.Json(new JsonObject
            {
                ["keys"] = new JsonArray(new JsonObject
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["kid"] = KeyId,
                    ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    ["endorsements"] = new JsonArray(EndorsedChannels.Select(c => (JsonNode)c).ToArray()),
                }),
            });
        });

        _app.MapPost("/{tenant}/oauth2/v2.0/token", async (HttpContext context, string tenant) =>
        {
            var form = (await context.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString());
            var failing = Interlocked.Decrement(ref _tokenFailures) >= 0;
            _tokenAttempts.Enqueue(new TokenAttempt(tenant, context.Request.IsHttps, failing ? 503 : 200, DateTimeOffset.UtcNow, form));
            if (failing)
            {
                return Results.Json(new JsonObject { ["error"] = "temporarily_unavailable", ["error_description"] = "AADSTS50196: try later" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            _tokenRequests.Enqueue(form);
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = TokenLifetimeSeconds,
                ["ext_expires_in"] = TokenLifetimeSeconds,
                ["access_token"] = $"outbound-token-{Interlocked.Increment(ref _issued)}",
            });
        });

        // Azure App Service's managed identity endpoint (IDENTITY_ENDPOINT), as MSAL calls it for a managed identity.
        _app.MapGet("/msi/token", (HttpContext context) =>
        {
            var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
            query["X-IDENTITY-HEADER"] = context.Request.Headers["X-IDENTITY-HEADER"].ToString();
            _tokenAttempts.Enqueue(new TokenAttempt("managed-identity", context.Request.IsHttps, 200, DateTimeOffset.UtcNow, query));
            _tokenRequests.Enqueue(query);
            return Results.Json(new JsonObject
            {
                ["access_token"] = $"outbound-token-{Interlocked.Increment(ref _issued)}",
                ["expires_on"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["resource"] = query.GetValueOrDefault("resource"),
                ["token_type"] = "Bearer",
                ["client_id"] = query.GetValueOrDefault("client_id"),
            });
        });

        _app.MapPost("/emea/v3/conversations/{**rest}", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            var reply = new PostedReply(
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.Authorization.ToString(),
                JsonNode.Parse(body)!.AsObject());
            if (_replyFailures.TryDequeue(out var failure))
            {
                _attempts.Enqueue(new ReplyAttempt(reply, failure.Status, DateTimeOffset.UtcNow));
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                return Results.StatusCode(failure.Status);
            }

            _attempts.Enqueue(new ReplyAttempt(reply, 200, DateTimeOffset.UtcNow));
            _posts.Enqueue(reply);
            return Results.Json(new JsonObject { ["id"] = $"reply-{_posts.Count}" });
        });
    }
}

/// <summary>What the stand-in Connector received: the raw request target, the Authorization header and the activity.</summary>
public sealed record PostedReply(string Path, string Authorization, JsonObject Activity);

/// <summary>A reply POST and how the stand-in answered it.</summary>
public sealed record ReplyAttempt(PostedReply Reply, int Status, DateTimeOffset At);

/// <summary>A request to the token endpoint: the tenant in its path, whether it came over HTTPS, the answer and the form.</summary>
public sealed record TokenAttempt(string Tenant, bool Https, int Status, DateTimeOffset At, Dictionary<string, string> Form);
