using System.Net;
using Assistant.Web.Channels.BotConnector;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Web.Tests.BotConnector;

/// <summary>Replies to the Bot Connector: the bot's token from Entra (through MSAL), and retries that honour the Connector.</summary>
public sealed class BotConnectorOutboundTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_reply_throttled_with_429_and_Retry_After_is_sent_again_after_that_wait_and_delivered_once()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.RefuseNextReplies(1, 429, retryAfterSeconds: 2);
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var activity = BotActivities.Message(connector.ServiceUrl, "помощ");

        using var response = await BotActivities.PostAsync(server, activity, connector.CreateToken(), Ct);
        var posts = await connector.WaitForPostsAsync(2, Ct);
        await server.Services.GetRequiredService<BotConnectorTurnRunner>().WaitIdleAsync(Ct);

        var attempts = connector.ReplyAttempts;
        Assert.Equal([429, 200, 200], attempts.Select(a => a.Status));
        Assert.Equal(attempts[0].Reply.Activity.ToJsonString(), attempts[1].Reply.Activity.ToJsonString());
        var waited = attempts[1].At - attempts[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(1.9), $"sent again after {waited.TotalMilliseconds} ms, not the 2 s Retry-After asked for");
        Assert.True(waited < TimeSpan.FromSeconds(10), $"sent again only after {waited.TotalMilliseconds} ms");
        Assert.Equal(2, posts.Count);
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(posts[0].Activity), StringComparison.Ordinal);
        Assert.NotEqual(BotActivities.TextOf(posts[0].Activity), BotActivities.TextOf(posts[1].Activity));
    }

    [Fact]
    public async Task Server_errors_are_retried_with_back_off_and_the_reply_still_arrives()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.RefuseNextReplies(2, 503);
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        await connector.WaitForPostsAsync(2, Ct);
        await server.Services.GetRequiredService<BotConnectorTurnRunner>().WaitIdleAsync(Ct);

        var attempts = connector.ReplyAttempts;
        Assert.Equal([503, 503, 200, 200], attempts.Select(a => a.Status));
        // The back-off is jittered (it may be short or long), but bounded: the reply is not held up for long.
        Assert.True(attempts[2].At - attempts[0].At < TimeSpan.FromSeconds(10), $"delivered after {(attempts[2].At - attempts[0].At).TotalSeconds} s");
        Assert.Equal(attempts[0].Reply.Activity.ToJsonString(), attempts[2].Reply.Activity.ToJsonString());
    }

    [Fact]
    public async Task A_token_the_Connector_refuses_is_replaced_once_and_the_reply_goes_out_with_the_new_one()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.RefuseNextReplies(1, 401);
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        var posts = await connector.WaitForPostsAsync(2, Ct);

        Assert.Equal("Bearer outbound-token-1", connector.ReplyAttempts[0].Reply.Authorization);
        Assert.Equal(401, connector.ReplyAttempts[0].Status);
        Assert.All(posts, p => Assert.Equal("Bearer outbound-token-2", p.Authorization));
        Assert.Equal(2, connector.TokenRequests.Count);
    }

    [Fact]
    public async Task When_the_token_endpoint_fails_for_a_while_the_reply_waits_for_it_in_the_retry_loop()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.FailNextTokenRequests(3);
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        var posts = await connector.WaitForPostsAsync(2, Ct);

        Assert.Equal([503, 503, 503, 200], connector.TokenAttempts.Select(a => a.Status));
        Assert.All(posts, p => Assert.Equal("Bearer outbound-token-1", p.Authorization));
    }

    [Fact]
    public async Task A_single_tenant_bot_gets_its_token_from_its_own_tenant_over_HTTPS()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var settings = connector.Settings();
        settings["BotFramework:TenantId"] = "0a1b2c3d-sofia-tenant";
        await using var server = AssistantServer.Start(settings: settings, services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        await connector.WaitForPostsAsync(2, Ct);

        var request = Assert.Single(connector.TokenAttempts);
        Assert.Equal("0a1b2c3d-sofia-tenant", request.Tenant);
        Assert.True(request.Https);
        Assert.Equal(ConnectorStandIn.AppPassword, request.Form["client_secret"]);
    }

    [Fact]
    public async Task A_multi_tenant_bot_asks_the_botframework_tenant()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        await connector.WaitForPostsAsync(2, Ct);

        Assert.Equal("botframework.com", Assert.Single(connector.TokenAttempts).Tenant);
    }

    [Fact]
    public async Task With_a_certificate_the_token_request_is_signed_by_it_and_carries_no_secret()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var folder = Directory.CreateTempSubdirectory("assistant-cert-").FullName;
        using var key = RSA.Create(2048);
        using var certificate = new CertificateRequest("CN=assistant-bot", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(30));
        var certificatePath = Path.Combine(folder, "bot.crt.pem");
        var keyPath = Path.Combine(folder, "bot.key.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem(), Ct);
        await File.WriteAllTextAsync(keyPath, key.ExportPkcs8PrivateKeyPem(), Ct);
        var settings = connector.Settings();
        settings["BotFramework:AppPassword"] = "";
        settings["BotFramework:CertificatePath"] = certificatePath;
        settings["BotFramework:CertificateKeyPath"] = keyPath;
        await using var server = AssistantServer.Start(settings: settings, services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        var posts = await connector.WaitForPostsAsync(2, Ct);

        var form = Assert.Single(connector.TokenRequests);
        Assert.False(form.ContainsKey("client_secret"));
        Assert.Equal("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form["client_assertion_type"]);
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.Export(X509ContentType.Cert));
        var validation = await new JsonWebTokenHandler().ValidateTokenAsync(form["client_assertion"], new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(publicOnly),
            ValidIssuer = ConnectorStandIn.AppId,
            ValidAudience = new Uri(connector.TokenBaseAddress, "botframework.com/oauth2/v2.0/token").AbsoluteUri,
        });
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.All(posts, p => Assert.Equal("Bearer outbound-token-1", p.Authorization));
    }

    [Fact]
    public async Task A_bot_with_a_user_assigned_managed_identity_gets_its_token_from_the_identity_endpoint_without_a_secret()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var settings = connector.Settings();
        settings["BotFramework:AppType"] = "UserAssignedMSI";
        settings["BotFramework:AppId"] = ConnectorStandIn.AppId;
        settings["BotFramework:AppPassword"] = "";
        // What Azure App Service gives a process with a managed identity; read by MSAL from the environment.
        Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", new Uri(connector.BaseAddress, "msi/token").AbsoluteUri);
        Environment.SetEnvironmentVariable("IDENTITY_HEADER", "identity-header-secret");
        try
        {
            await using var server = AssistantServer.Start(settings: settings);

            using var response = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
            var posts = await connector.WaitForPostsAsync(2, Ct);

            var request = Assert.Single(connector.TokenAttempts);
            Assert.Equal("managed-identity", request.Tenant);
            Assert.Equal("https://api.botframework.com", request.Form["resource"]);
            Assert.Equal(ConnectorStandIn.AppId, request.Form["client_id"]);
            Assert.Equal("identity-header-secret", request.Form["X-IDENTITY-HEADER"]);
            Assert.All(posts, p => Assert.Equal("Bearer outbound-token-1", p.Authorization));
        }
        finally
        {
            Environment.SetEnvironmentVariable("IDENTITY_ENDPOINT", null);
            Environment.SetEnvironmentVariable("IDENTITY_HEADER", null);
        }
    }

    [Fact]
    public void The_validator_takes_a_certificate_or_a_managed_identity_instead_of_a_secret_and_wants_HTTPS_for_the_authority()
    {
        var environment = new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Production" };
        var validator = new BotFrameworkOptionsValidator(environment);

        Assert.True(validator.Validate(null, new BotFrameworkOptions { AppId = "a", AppType = "UserAssignedMSI" }).Succeeded);
        Assert.Contains("CertificatePath", validator.Validate(null,
            new BotFrameworkOptions { AppId = "a", CertificatePath = "/no/such/file.pem" }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("TenantId is empty", validator.Validate(null,
            new BotFrameworkOptions { AppId = "a", AppPassword = "p", AppType = "SingleTenant" }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("AppType 'Teams' is unknown", validator.Validate(null,
            new BotFrameworkOptions { AppId = "a", AppPassword = "p", AppType = "Teams" }).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Instance", validator.Validate(null,
            new BotFrameworkOptions { AppId = "a", AppPassword = "p", Instance = "http://127.0.0.1:5000/" }).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_earlier_TokenEndpoint_setting_still_names_the_authority()
    {
        var options = new BotFrameworkOptions { TokenEndpoint = "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token" };

        Assert.Equal("https://login.microsoftonline.us/contoso.onmicrosoft.us", options.ResolveAuthority().AbsoluteUri.TrimEnd('/'));
        Assert.Equal("https://login.microsoftonline.com/botframework.com", new BotFrameworkOptions().ResolveAuthority().AbsoluteUri);
        Assert.Equal("https://login.microsoftonline.com/t-1", new BotFrameworkOptions { TenantId = "t-1" }.ResolveAuthority().AbsoluteUri);
    }
}
