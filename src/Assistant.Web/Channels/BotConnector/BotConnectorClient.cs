using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>Posts reply activities to the Bot Connector service a request came from (Reply to Activity).</summary>
public sealed class BotConnectorClient(IHttpClientFactory httpClients, BotConnectorTokens tokens, ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "BotConnector";
    public const int MaxAttempts = 3;

    /// <summary>
    /// <c>POST {serviceUrl}/v3/conversations/{conversationId}/activities/{replyToId}</c> (without a replyToId, to the
    /// conversation). Retries a refused token once with a new one, and throttling or server errors twice.
    /// </summary>
    public async Task SendAsync(ReplyTarget target, Activity reply, CancellationToken cancellationToken)
    {
        var uri = ReplyUri(target.ServiceUrl, reply);
        var json = ActivityJson.Serialize(reply);
        var renewedToken = false;
        for (var attempt = 1; ; attempt++)
        {
            string? token = target.SendToken ? await tokens.GetTokenAsync(cancellationToken) : null;
            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var client = httpClients.CreateClient(HttpClientName);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException e) when (attempt < MaxAttempts)
            {
                logger.LogWarning(e, "Posting a reply to {Host} failed; trying again", uri.Host);
                await Task.Delay(Backoff(attempt), cancellationToken);
                continue;
            }

            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden && token is not null && !renewedToken)
                {
                    tokens.Invalidate(token);
                    renewedToken = true;
                    continue;
                }

                var transient = response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
                if (transient && attempt < MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), cancellationToken);
                    continue;
                }

                throw new HttpRequestException(
                    $"The Bot Connector at {uri.Host} refused a reply with {(int)response.StatusCode}.", null, response.StatusCode);
            }
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

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(500 * attempt);
}
