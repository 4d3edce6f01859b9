using System.Net;
using System.Text;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>Posts reply activities to the Bot Connector service a request came from (Reply to Activity).</summary>
public sealed class BotConnectorClient(IHttpClientFactory httpClients, BotConnectorTokens tokens, ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "BotConnector";

    /// <summary>Attempts per reply in the retry loop (throttling, server errors, network and token-endpoint failures).</summary>
    public const int MaxAttempts = 3;

    /// <summary>A <c>Retry-After</c> up to this long is waited for; a longer one ends the retries.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>
    /// <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c> (without a replyToId, to the
    /// conversation). The client's resilience handler retries throttling, server and network errors (honouring
    /// <c>Retry-After</c>, else exponential back-off with jitter); a refused token is replaced once here.
    /// </summary>
    public async Task SendAsync(ReplyTarget target, Activity reply, CancellationToken cancellationToken)
    {
        var uri = ReplyUri(target.ServiceUrl, reply);
        var json = ActivityJson.Serialize(reply);
        var renewedToken = false;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            request.Options.Set(BotConnectorAuthHandler.SendToken, target.SendToken);
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && !renewedToken
                && request.Options.TryGetValue(BotConnectorAuthHandler.TokenSent, out var token))
            {
                logger.LogWarning("The Bot Connector at {Host} refused the bot's token with {Status}; trying once with a new one",
                    uri.Host, (int)response.StatusCode);
                tokens.Invalidate(token);
                renewedToken = true;
                continue;
            }

            throw new HttpRequestException(
                $"The Bot Connector at {uri.Host} refused a reply with {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }

    public static Uri ReplyUri(Uri serviceUrl, Activity reply)
    {
        var conversationId = reply.Conversation?.Id is { Length: > 0 } id && IsPathSegment(id)
            ? id
            : throw new ArgumentException("A reply needs a conversation.id that can be a path segment.", nameof(reply));
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";
        if (reply.ReplyToId is { Length: > 0 } replyToId && IsPathSegment(replyToId))
        {
            path += "/" + Uri.EscapeDataString(replyToId);
        }

        // serviceUrl may carry a path of its own (e.g. https://smba.trafficmanager.net/emea/): keep it.
        var baseUri = serviceUrl.AbsoluteUri.EndsWith('/') ? serviceUrl : new Uri(serviceUrl.AbsoluteUri + "/");
        return new Uri(baseUri, path);
    }

    /// <summary>Escaping keeps any id inside its segment, except "." and "..", which would move the path.</summary>
    public static bool IsPathSegment(string id) => id is not ("." or "..");
}
