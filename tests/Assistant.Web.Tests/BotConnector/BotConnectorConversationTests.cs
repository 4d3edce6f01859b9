using System.Net;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.BotConnector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Tests.BotConnector;

public sealed class BotConnectorConversationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task With_expectReplies_the_replies_come_back_in_the_response_and_nothing_is_posted()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var activity = BotActivities.Message(connector.ServiceUrl, "помощ", expectReplies: true);

        using var response = await BotActivities.PostAsync(server, activity, connector.CreateToken(), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!.AsObject();
        var replies = body["activities"]!.AsArray();
        Assert.Equal(2, replies.Count);
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(replies[0]), StringComparison.Ordinal);
        Assert.All(replies, r =>
        {
            Assert.Equal((string)activity["id"]!, (string?)r!["replyToId"]);
            Assert.Equal(BotActivities.TeamsConversationId, (string?)r["conversation"]!["id"]);
            Assert.Equal(BotActivities.TeamsBotId, (string?)r["from"]!["id"]);
            Assert.Equal(BotActivities.TeamsUserId, (string?)r["recipient"]!["id"]);
            Assert.Equal(connector.ServiceUrl, (string?)r["serviceUrl"]);
            Assert.Equal("msteams", (string?)r["channelId"]);
        });
        Assert.NotEmpty(BotActivities.ButtonsOf(replies[^1]));

        await server.Services.GetRequiredService<BotConnectorTurnRunner>().WaitIdleAsync(Ct);
        Assert.Empty(connector.Posts);
        Assert.Empty(connector.TokenRequests);
    }

    [Fact]
    public async Task A_message_with_expectReplies_costs_one_durable_commit_its_whole_turn()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var database = server.Services.GetRequiredService<Assistant.Web.Storage.Sqlite.SqliteDatabase>();
        var key = new ConversationKey("msteams", BotActivities.TeamsConversationId);
        await BotActivities.ExchangeAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        var before = database.CommittedBatches;

        var message = BotActivities.Message(connector.ServiceUrl, "помощ");
        var replies = await BotActivities.ExchangeAsync(server, message, connector.CreateToken(), Ct);

        // The conversation's state and the turn's transcript in one commit, made before the response went out.
        Assert.Equal(1, database.CommittedBatches - before);
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(replies[0]), StringComparison.Ordinal);
        var transcript = await server.Services.GetRequiredService<ITranscriptStore>().ReadAsync(key.ToString(), Ct);
        Assert.Contains(transcript, e => e.ActivityId == (string)message["id"]! && e.Direction == TranscriptEntry.Inbound);
        var state = await server.Services.GetRequiredService<IStateStore>().ReadAsync(key.StateKey, Ct);
        Assert.Contains((string)message["id"]!, state!.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_answered_through_the_Connector_costs_one_durable_commit_made_before_its_replies_are_posted()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var database = server.Services.GetRequiredService<Assistant.Web.Storage.Sqlite.SqliteDatabase>();
        var runner = server.Services.GetRequiredService<BotConnectorTurnRunner>();
        var key = new ConversationKey("msteams", BotActivities.TeamsConversationId);
        using (await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct))
        {
        }

        var first = await connector.WaitForPostsAsync(2, Ct);
        await runner.WaitIdleAsync(Ct);
        var before = database.CommittedBatches;

        var message = BotActivities.Message(connector.ServiceUrl, "помощ");
        using var response = await BotActivities.PostAsync(server, message, connector.CreateToken(), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await connector.WaitForPostsAsync(first.Count + 2, Ct);
        // The replies were posted after the turn was stored.
        var transcript = await server.Services.GetRequiredService<ITranscriptStore>().ReadAsync(key.ToString(), Ct);
        Assert.Contains(transcript, e => e.ActivityId == (string)message["id"]! && e.Direction == TranscriptEntry.Inbound);
        await runner.WaitIdleAsync(Ct);

        Assert.Equal(1, database.CommittedBatches - before);
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(posts[first.Count].Activity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_menu_works_over_several_turns_with_expectReplies()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var url = connector.ServiceUrl;

        var welcome = await BotActivities.ExchangeAsync(server, BotActivities.MembersAdded(url), connector.CreateToken(), Ct);
        Assert.StartsWith("Здравейте", BotActivities.TextOf(welcome[0]), StringComparison.Ordinal);
        var languageButton = Assert.Single(BotActivities.ButtonsOf(welcome[^1]), b => b.Contains("English", StringComparison.Ordinal));

        var question = await BotActivities.ExchangeAsync(server, BotActivities.Message(url, languageButton), connector.CreateToken(), Ct);
        Assert.Equal(["Български", "English"], BotActivities.ButtonsOf(question[^1]));

        var switched = await BotActivities.ExchangeAsync(server, BotActivities.Message(url, "2"), connector.CreateToken(), Ct);
        Assert.Equal("All right, we continue in English.", BotActivities.TextOf(switched[0]));
        Assert.Contains("Ask a question", BotActivities.ButtonsOf(switched[^1]));
        Assert.All(switched, r => Assert.Equal("en-US", (string?)r!["locale"]));

        var transcript = await server.Services.GetRequiredService<ITranscriptStore>()
            .ReadAsync(new ConversationKey("msteams", BotActivities.TeamsConversationId).ToString(), Ct);
        Assert.Equal(3, transcript.Count(e => e.Direction == TranscriptEntry.Inbound));
        Assert.Empty(connector.Posts);
    }

    [Fact]
    public async Task Each_channel_keeps_its_own_state_for_the_same_conversation_id()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var url = connector.ServiceUrl;

        await BotActivities.ExchangeAsync(server, BotActivities.Message(url, "English"), connector.CreateToken(), Ct);
        var teams = await BotActivities.ExchangeAsync(server, BotActivities.Message(url, "помощ"), connector.CreateToken(), Ct);
        var webchat = await BotActivities.ExchangeAsync(server, BotActivities.Message(url, "помощ", channelId: "webchat"), connector.CreateToken(), Ct);

        Assert.StartsWith("Here is how to talk to me", BotActivities.TextOf(teams[0]), StringComparison.Ordinal);
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(webchat[0]), StringComparison.Ordinal);
        var state = server.Services.GetRequiredService<IStateStore>();
        Assert.NotNull(await state.ReadAsync(new ConversationKey("msteams", BotActivities.TeamsConversationId).StateKey, Ct));
        Assert.NotNull(await state.ReadAsync(new ConversationKey("webchat", BotActivities.TeamsConversationId).StateKey, Ct));
    }

    [Fact]
    public async Task A_member_joining_is_greeted_by_a_post_and_other_updates_are_only_acknowledged()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var url = connector.ServiceUrl;

        using var typing = await BotActivities.PostAsync(server, BotActivities.OfType("typing", url), connector.CreateToken(), Ct);
        using var left = await BotActivities.PostAsync(server, BotActivities.OfType("conversationUpdate", url), connector.CreateToken(), Ct);
        Assert.Equal(HttpStatusCode.OK, typing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, left.StatusCode);
        await BotActivities.AssertNothingProcessedAsync(server, new ConversationKey("msteams", BotActivities.TeamsConversationId), Ct);

        var joined = BotActivities.MembersAdded(url);
        using var response = await BotActivities.PostAsync(server, joined, connector.CreateToken(), Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await connector.WaitForPostsAsync(2, Ct);
        Assert.StartsWith("Здравейте", BotActivities.TextOf(posts[0].Activity), StringComparison.Ordinal);
        Assert.EndsWith($"/activities/{(string)joined["id"]!}", posts[0].Path, StringComparison.Ordinal);
        Assert.NotEmpty(BotActivities.ButtonsOf(posts[1].Activity));
    }

    [Fact]
    public async Task Invoke_is_answered_501_and_runs_no_turn()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var response = await BotActivities.PostAsync(server, BotActivities.OfType("invoke", connector.ServiceUrl),
            connector.CreateToken(), Ct);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        await BotActivities.AssertNothingProcessedAsync(server, new ConversationKey("msteams", BotActivities.TeamsConversationId), Ct);
        Assert.Empty(connector.Posts);
    }

    [Fact]
    public async Task The_bot_token_is_requested_once_and_reused_while_it_is_valid()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var first = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        await connector.WaitForPostsAsync(2, Ct);
        using var second = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        var posts = await connector.WaitForPostsAsync(4, Ct);

        Assert.Single(connector.TokenRequests);
        Assert.All(posts, p => Assert.Equal("Bearer outbound-token-1", p.Authorization));
    }

    [Fact]
    public async Task Turns_posted_to_one_conversation_back_to_back_are_answered_one_after_another_in_arrival_order()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var activities = new[] { "помощ", "/cancel", "English", "help" }
            .Select(text => BotActivities.Message(connector.ServiceUrl, text)).ToList();

        foreach (var activity in activities)
        {
            // Each is acknowledged at once; the turns run in the background, behind the earlier ones.
            using var response = await BotActivities.PostAsync(server, activity, connector.CreateToken(), Ct);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await server.Services.GetRequiredService<BotConnectorTurnRunner>().WaitIdleAsync(Ct);

        var posts = connector.Posts;
        var answering = posts.Select(p => p.Path[(p.Path.LastIndexOf('/') + 1)..]).ToList();
        var runs = answering.Where((id, i) => i == 0 || answering[i - 1] != id);
        Assert.Equal(activities.Select(a => (string)a["id"]!), runs);
        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(posts[0].Activity), StringComparison.Ordinal);
        var lastTurn = posts.First(p => p.Path.EndsWith("/" + (string)activities[^1]["id"]!, StringComparison.Ordinal));
        Assert.StartsWith("Here is how to talk to me", BotActivities.TextOf(lastTurn.Activity), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bot_token_with_less_than_five_minutes_left_is_renewed_before_it_is_sent()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        connector.TokenLifetimeSeconds = 240;
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);

        using var first = await BotActivities.PostAsync(server, BotActivities.Message(connector.ServiceUrl, "помощ"), connector.CreateToken(), Ct);
        var posts = await connector.WaitForPostsAsync(2, Ct);

        Assert.Equal(2, connector.TokenRequests.Count);
        Assert.Equal(["Bearer outbound-token-1", "Bearer outbound-token-2"], posts.Select(p => p.Authorization));
    }

    [Fact]
    public async Task A_Teams_mention_of_the_bot_is_taken_out_of_the_text()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start(settings: connector.Settings(), services: connector.TrustTokenEndpoint);
        var activity = BotActivities.Message(connector.ServiceUrl, "<at>Innovative Sofia</at> помощ");
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>Innovative Sofia</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotActivities.TeamsBotId, ["name"] = "Innovative Sofia" },
        });

        var replies = await BotActivities.ExchangeAsync(server, activity, connector.CreateToken(), Ct);

        Assert.StartsWith("Ето как да разговаряте с мен", BotActivities.TextOf(replies[0]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Development_without_an_app_id_the_Emulator_needs_no_token_and_replies_carry_none()
    {
        await using var emulator = await ConnectorStandIn.StartAsync();
        await using var server = AssistantServer.Start();

        var activity = BotActivities.Message(emulator.ServiceUrl, "помощ", channelId: "emulator", conversationId: "emulator-conversation-1");
        using var response = await BotActivities.PostAsync(server, activity, token: null, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var posts = await emulator.WaitForPostsAsync(2, Ct);
        Assert.All(posts, p => Assert.Equal("", p.Authorization));
        Assert.Equal("/emea/v3/conversations/emulator-conversation-1/activities/" + (string)activity["id"]!, posts[0].Path);
        Assert.Empty(emulator.TokenRequests);

        var inline = await BotActivities.ExchangeAsync(server,
            BotActivities.Message(serviceUrl: null, "помощ", channelId: "emulator", conversationId: "emulator-conversation-2"), null, Ct);
        Assert.NotEmpty(inline);
    }

    [Theory]
    [InlineData("directline")]
    [InlineData("telegram")]
    public async Task In_Development_without_a_token_the_servers_own_channels_cannot_be_addressed(string channel)
    {
        await using var server = AssistantServer.Start();

        using var response = await BotActivities.PostAsync(server,
            BotActivities.Message(serviceUrl: null, "/forget", channelId: channel, conversationId: "someone-elses", expectReplies: true), token: null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public void In_Development_without_a_token_only_callers_on_this_machine_may_post()
    {
        Assert.Null(BotConnectorAuthenticator.RefuseUnauthenticated(System.Net.IPAddress.Loopback, "emulator"));
        Assert.Null(BotConnectorAuthenticator.RefuseUnauthenticated(System.Net.IPAddress.IPv6Loopback, "emulator"));
        Assert.NotNull(BotConnectorAuthenticator.RefuseUnauthenticated(System.Net.IPAddress.Parse("192.0.2.10"), "emulator"));
        Assert.NotNull(BotConnectorAuthenticator.RefuseUnauthenticated(null, "emulator"));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Outside_Development_the_Bot_Connector_switched_on_without_an_app_id_refuses_to_start(string environment)
    {
        // Checked before the host is built, so the refusal is the only error, however loaded the machine is.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var settings = ProductionSecrets();
            settings["BotFramework:Enabled"] = "true";
            await using var factory = new HostedIn(environment, settings);

            var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

            var message = HostedIn.Flatten(error);
            Assert.Contains("BotFramework:AppId is empty", message, StringComparison.Ordinal);
            Assert.Contains("BotFramework__Enabled=false", message, StringComparison.Ordinal);
            Assert.DoesNotContain("disposed", message, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Production_without_an_app_id_starts_with_the_Bot_Connector_off()
    {
        await using var factory = new HostedIn("Production", ProductionSecrets());
        using var client = factory.CreateClient();

        using var live = await client.GetAsync("/health/live", Ct);
        using var chat = await client.PostAsync("/api/chat/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), Ct);
        using var messages = await client.PostAsync("/api/messages",
            new StringContent(BotActivities.Message("http://127.0.0.1:9/", "помощ", channelId: "emulator").ToJsonString(),
                System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, messages.StatusCode);
    }

    [Fact]
    public async Task Production_with_the_Bot_Connector_switched_off_starts_even_with_an_app_id()
    {
        var settings = ProductionSecrets();
        settings["BotFramework:Enabled"] = "false";
        settings["BotFramework:AppId"] = ConnectorStandIn.AppId;
        await using var factory = new HostedIn("Production", settings);
        using var client = factory.CreateClient();

        using var messages = await client.PostAsync("/api/messages",
            new StringContent(BotActivities.Message("http://127.0.0.1:9/", "помощ").ToJsonString(), System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, messages.StatusCode);
    }

    [Fact]
    public async Task Production_starts_with_an_app_id()
    {
        await using var connector = await ConnectorStandIn.StartAsync();
        var settings = ProductionSecrets();
        foreach (var (key, value) in connector.Settings())
        {
            settings[key] = value;
        }

        await using var factory = new HostedIn("Production", settings);

        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/live", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Outside_Development_without_an_app_id_the_endpoint_is_off_and_nothing_is_processed()
    {
        await using var factory = new HostedIn("Staging", ProductionSecrets());
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/api/messages",
            new StringContent(BotActivities.Message("http://127.0.0.1:9/", "помощ", channelId: "emulator").ToJsonString(),
                System.Text.Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var transcript = await factory.Services.GetRequiredService<ITranscriptStore>()
            .ReadAsync(new ConversationKey("emulator", BotActivities.TeamsConversationId).ToString(), Ct);
        Assert.Empty(transcript);
    }

    [Fact]
    public void The_validator_allows_no_app_id_in_Development_only_and_wants_a_password_with_an_app_id()
    {
        var none = new BotFrameworkOptions();
        var withId = new BotFrameworkOptions { AppId = ConnectorStandIn.AppId };

        Assert.True(Validate("Development", none).Succeeded);
        Assert.True(Validate("Staging", none).Succeeded);
        Assert.True(Validate("Production", none).Succeeded, "without an App ID the endpoint is off outside Development");
        var switchedOn = new BotFrameworkOptions { Enabled = true };
        Assert.True(Validate("Development", switchedOn).Succeeded);
        Assert.Contains("BotFramework:AppId is empty", Validate("Production", switchedOn).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("BotFramework:AppId is empty", Validate("Staging", switchedOn).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("BotFramework:AppPassword is empty", Validate("Development", withId).FailureMessage, StringComparison.Ordinal);
        withId.AppPassword = ConnectorStandIn.AppPassword;
        Assert.True(Validate("Production", withId).Succeeded);
        withId.OpenIdMetadataUrl = "http://login.example.org/metadata";
        Assert.Contains("OpenIdMetadataUrl", Validate("Production", withId).FailureMessage, StringComparison.Ordinal);
    }

    private static ValidateOptionsResult Validate(string environment, BotFrameworkOptions options) =>
        new BotFrameworkOptionsValidator(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options);

    /// <summary>What the other production guards want, so that only the Bot Framework settings decide.</summary>
    private static Dictionary<string, string?> ProductionSecrets() => new()
    {
        ["DirectLine:Secret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Participants:KeySecret"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
    };
}
