using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Assistant.Web.Channels.BotConnector;
using Microsoft.Extensions.DependencyInjection;

namespace Assistant.Web.Tests.BotConnector;

/// <summary>Activities as a Bot Connector channel sends them, and the calls a test makes with them.</summary>
public static class BotActivities
{
    public const string TeamsConversationId = "a:1Xq9-personal;messageid=1718000000000";
    public const string TeamsUserId = "29:1user-aad-object";
    public const string TeamsBotId = "28:" + ConnectorStandIn.AppId;

    private static int _ids;

    public static JsonObject Message(string? serviceUrl, string text, string channelId = "msteams",
        string conversationId = TeamsConversationId, bool expectReplies = false)
    {
        var activity = Base("message", serviceUrl, channelId, conversationId, expectReplies);
        activity["text"] = text;
        activity["textFormat"] = "plain";
        return activity;
    }

    public static JsonObject MembersAdded(string? serviceUrl, string channelId = "msteams",
        string conversationId = TeamsConversationId, bool expectReplies = false)
    {
        var activity = Base("conversationUpdate", serviceUrl, channelId, conversationId, expectReplies);
        activity["membersAdded"] = new JsonArray(
            new JsonObject { ["id"] = TeamsBotId },
            new JsonObject { ["id"] = TeamsUserId });
        return activity;
    }

    public static JsonObject OfType(string type, string? serviceUrl, string channelId = "msteams",
        string conversationId = TeamsConversationId, bool expectReplies = false) =>
        Base(type, serviceUrl, channelId, conversationId, expectReplies);

    public static async Task<HttpResponseMessage> PostAsync(AssistantServer server, JsonObject activity, string? token,
        CancellationToken cancellationToken)
    {
        using var http = server.NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Posts with expectReplies and returns the replies from the response body.</summary>
    public static async Task<JsonArray> ExchangeAsync(AssistantServer server, JsonObject activity, string? token,
        CancellationToken cancellationToken)
    {
        activity["deliveryMode"] = "expectReplies";
        using var response = await PostAsync(server, activity, token, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["activities"]!.AsArray();
    }

    public static string TextOf(JsonNode? activity) => (string?)activity?["text"] ?? "";

    public static IReadOnlyList<string> ButtonsOf(JsonNode? activity) =>
        activity?["suggestedActions"]?["actions"]?.AsArray().Select(a => (string)a!["value"]!).ToList() ?? [];

    /// <summary>Waits for background turns, then checks that the conversation left no state and no transcript.</summary>
    public static async Task AssertNothingProcessedAsync(AssistantServer server, ConversationKey key, CancellationToken cancellationToken)
    {
        await server.Services.GetRequiredService<BotConnectorTurnRunner>().WaitIdleAsync(cancellationToken);
        Assert.Null(await server.Services.GetRequiredService<IStateStore>().ReadAsync(key.StateKey, cancellationToken));
        Assert.Empty(await server.Services.GetRequiredService<ITranscriptStore>().ReadAsync(key.ToString(), cancellationToken));
    }

    private static JsonObject Base(string type, string? serviceUrl, string channelId, string conversationId, bool expectReplies)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = $"activity-{Interlocked.Increment(ref _ids)}",
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = channelId,
            ["from"] = new JsonObject { ["id"] = TeamsUserId, ["name"] = "Мария", ["aadObjectId"] = "0f6a-user" },
            ["conversation"] = new JsonObject
            {
                ["id"] = conversationId,
                ["conversationType"] = "personal",
                ["tenantId"] = "tenant-of-sofia",
            },
            ["recipient"] = new JsonObject { ["id"] = TeamsBotId, ["name"] = "Innovative Sofia" },
            ["locale"] = "bg-BG",
        };
        if (serviceUrl is not null)
        {
            activity["serviceUrl"] = serviceUrl;
        }

        if (expectReplies)
        {
            activity["deliveryMode"] = "expectReplies";
        }

        return activity;
    }
}
