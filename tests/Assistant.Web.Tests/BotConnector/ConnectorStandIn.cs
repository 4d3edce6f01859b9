using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
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
/// Everything of Azure the Bot Connector endpoint talks to, on a loopback port: the OpenID metadata and JWKS (a local
/// RSA key, with endorsements), the Entra token endpoint, and the Connector service that records the replies posted to it.
/// It also signs the tokens the Connector would send.
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
    private readonly ConcurrentQueue<PostedReply> _posts = new();
    private readonly ConcurrentQueue<Dictionary<string, string>> _tokenRequests = new();

    private ConnectorStandIn(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The serviceUrl of activities "from" this Connector; with a path of its own, as Teams' are.</summary>
    public string ServiceUrl => new Uri(BaseAddress, "emea/").AbsoluteUri;

    public IReadOnlyList<PostedReply> Posts => _posts.ToList();

    public IReadOnlyList<Dictionary<string, string>> TokenRequests => _tokenRequests.ToList();

    public RsaSecurityKey SigningKey => new(_rsa) { KeyId = KeyId };

    public static async Task<ConnectorStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var standIn = new ConnectorStandIn(app);
        standIn.MapRoutes();
        await app.StartAsync();
        standIn.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    /// <summary>The settings that point the assistant at this stand-in.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["BotFramework:AppId"] = AppId,
        ["BotFramework:AppPassword"] = AppPassword,
        ["BotFramework:OpenIdMetadataUrl"] = new Uri(BaseAddress, ".well-known/openidconfiguration").AbsoluteUri,
        ["BotFramework:TokenEndpoint"] = new Uri(BaseAddress, "botframework.com/oauth2/v2.0/token").AbsoluteUri,
    };

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

        _app.MapPost("/botframework.com/oauth2/v2.0/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            _tokenRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            return Results.Json(new JsonObject
            {
                ["token_type"] = "Bearer",
                ["expires_in"] = 3600,
                ["ext_expires_in"] = 3600,
                ["access_token"] = $"outbound-token-{_tokenRequests.Count}",
            });
        });

        _app.MapPost("/emea/v3/conversations/{**rest}", async (HttpContext context) =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            _posts.Enqueue(new PostedReply(
                context.Features.Get<IHttpRequestFeature>()!.RawTarget,
                context.Request.Headers.Authorization.ToString(),
                JsonNode.Parse(body)!.AsObject()));
            return Results.Json(new JsonObject { ["id"] = $"reply-{_posts.Count}" });
        });
    }
}

/// <summary>What the stand-in Connector received: the raw request target, the Authorization header and the activity.</summary>
public sealed record PostedReply(string Path, string Authorization, JsonObject Activity);
