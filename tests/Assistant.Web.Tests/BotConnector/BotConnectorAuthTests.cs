using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Assistant.Web.Tests.Support;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Web.Tests.BotConnector;

public sealed class BotConnectorAuthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_valid_Connector_token_is_accepted_and_the_replies_are_posted_to_its_serviceUrl_with_the_bot_token()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var activity = BotActivities.Message(connector.ServiceUrl, "помощ");

        using var response = await BotActivities.PostAsync(server, activity, connector.CreateToken(), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await connector.WaitForPostsAsync(2, Ct);
        var id = (string)activity["id"]!;
        Assert.All(posts, post =>
        {
            Assert.Equal($"/emea/v3/conversations/{Uri.EscapeDataString(BotActivities.TeamsConversationId)}/activities/{id}", post.Path);
            Assert.Equal("Bearer outbound-token-1", post.Authorization);
            var reply = post.Activity;
            Assert.Equal("message", (string?)reply["type"]);
            Assert.Equal(id, (string?)reply["replyToId"]);
            Assert.Equal("msteams", (string?)reply["channelId"]);
            Assert.Equal(connector.ServiceUrl, (string?)reply["serviceUrl"]);
            Assert.Equal(BotActivities.TeamsConversationId, (string?)reply["conversation"]!["id"]);
            Assert.Equal("tenant-of-sofia", (string?)reply["conversation"]!["tenantId"]);
            Assert.Equal(BotActivities.TeamsBotId, (string?)reply["from"]!["id"]);
            Assert.Equal("bot", (string?)reply["from"]!["role"]);
            Assert.Equal(BotActivities.TeamsUserId, (string?)reply["recipient"]!["id"]);
            Assert.Equal("0f6a-user", (string?)reply["recipient"]!["aadObjectId"]);
            Assert.Null(reply["id"]);
        });
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(posts[0].Activity), StringComparison.Ordinal);
        Assert.NotEmpty(BotActivities.ButtonsOf(posts[^1].Activity));

        var token = Assert.Single(connector.TokenRequests);
        Assert.Equal("client_credentials", token["grant_type"]);
        Assert.Equal(ConnectorStandIn.AppId, token["client_id"]);
        Assert.Equal(ConnectorStandIn.AppPassword, token["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", token["scope"]);
    }

    [Fact]
    public async Task A_token_expired_less_than_five_minutes_ago_is_still_accepted()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var token = connector.CreateToken(t => ExpiredAgo(t, TimeSpan.FromMinutes(2)));

        var replies = await BotActivities.ExchangeAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), token, Ct);

        Assert.NotEmpty(replies);
    }

    [Fact]
    public async Task A_request_without_a_token_is_refused() =>
        await AssertRefusedAsync(_ => null, "no Bearer token");

    [Theory]
    [InlineData("not-a-jwt")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL2FwaS5ib3RmcmFtZXdvcmsuY29tIn0.")]
    public async Task A_token_that_is_not_a_signed_JWT_is_refused(string token) =>
        await AssertRefusedAsync(_ => token, "");

    [Fact]
    public async Task A_token_from_another_issuer_is_refused() =>
        await AssertRefusedAsync(c => c.CreateToken(t => t.Issuer = "https://sts.windows.net/someone-else/"), "InvalidIssuer");

    [Fact]
    public async Task A_token_for_another_app_is_refused() =>
        await AssertRefusedAsync(c => c.CreateToken(t => t.Audience = "some-other-bot"), "InvalidAudience");

    [Fact]
    public async Task A_token_expired_more_than_five_minutes_ago_is_refused() =>
        await AssertRefusedAsync(c => c.CreateToken(t => ExpiredAgo(t, TimeSpan.FromMinutes(6))), "SecurityTokenExpired");

    [Fact]
    public async Task A_token_signed_with_a_key_the_metadata_does_not_list_is_refused()
    {
        using var rsa = RSA.Create(2048);
        await AssertRefusedAsync(c => c.CreateToken(key: new RsaSecurityKey(rsa) { KeyId = "unknown-key" }), "SignatureKeyNotFound");
    }

    [Fact]
    public async Task A_token_signed_with_a_listed_key_id_but_another_key_is_refused()
    {
        using var rsa = RSA.Create(2048);
        await AssertRefusedAsync(c => c.CreateToken(key: new RsaSecurityKey(rsa) { KeyId = ConnectorStandIn.KeyId }), "InvalidSignature");
    }

    [Fact]
    public async Task An_activity_from_a_channel_the_signing_key_does_not_endorse_is_refused() =>
        await AssertRefusedAsync(c => c.CreateToken(), "does not endorse channel 'slack'", activity => activity["channelId"] = "slack");

    [Fact]
    public async Task An_activity_whose_serviceUrl_is_not_the_one_in_the_token_is_refused_and_nothing_is_posted_there()
    {
        await using var elsewhere = await ConnectorStandIn.StartAsync();
        await AssertRefusedAsync(c => c.CreateToken(), "is not the activity's serviceUrl", activity => activity["serviceUrl"] = elsewhere.ServiceUrl);
        Assert.Empty(elsewhere.Posts);
        Assert.Empty(elsewhere.TokenRequests);
    }

    [Fact]
    public async Task A_token_without_a_serviceurl_claim_is_refused() =>
        await AssertRefusedAsync(c => c.CreateToken(t => t.Claims.Clear()), "serviceurl claim ''");

    /// <summary>A token that was valid for an hour and expired <paramref name="ago"/>.</summary>
    private static void ExpiredAgo(SecurityTokenDescriptor token, TimeSpan ago)
    {
        token.Expires = DateTime.UtcNow - ago;
        token.NotBefore = token.IssuedAt = token.Expires.Value.AddHours(-1);
    }

    /// <summary>
    /// Posts a message (and one with expectReplies) with the token; expects 401 for the given reason (in the log) and no
    /// trace: no post, no token request, no state, no transcript.
    /// </summary>
    private static async Task AssertRefusedAsync(Func<ConnectorStandIn, string?> token, string reason, Action<JsonObject>? change = null)
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var log = LogCapture.Attach(server.Services);
        var activity = BotActivities.Message(connector.ServiceUrl, "помощ");
        change?.Invoke(activity);

        using var response = await BotActivities.PostAsync(server, activity, token(connector), Ct);
        using var again = await BotActivities.PostAsync(server,
            BotActivities.Message(activity["serviceUrl"]?.ToString(), "помощ", (string)activity["channelId"]!, expectReplies: true),
            token(connector), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(2, log.Lines.Count(l => l.Contains("Refused a Bot Connector request", StringComparison.Ordinal)
            && l.Contains(reason, StringComparison.Ordinal)));
        await BotActivities.AssertNothingProcessedAsync(server,
            new ConversationKey((string)activity["channelId"]!, BotActivities.TeamsConversationId), Ct);
        Assert.Empty(connector.Posts);
        Assert.Empty(connector.TokenRequests);
    }
}
