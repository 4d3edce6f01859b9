using System.Net;
using System.Net.Http.Headers;
using Microsoft.Identity.Client;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// Puts the bot's token on each attempt of a reply (inside the retry loop, so a token endpoint that fails for a moment is
/// retried like the Connector itself). A transient failure of the token endpoint becomes an
/// <see cref="HttpRequestException"/> (retried); a refusal (wrong secret, unknown app) a <see cref="BotConnectorTokenException"/>
/// (not retried).
/// </summary>
public sealed class BotConnectorAuthHandler(BotConnectorTokens tokens) : DelegatingHandler
{
    /// <summary>Set on a request that carries the bot's token (replies to the Emulator without an app id carry none).</summary>
    public static readonly HttpRequestOptionsKey<bool> SendToken = new("Assistant.BotConnector.SendToken");

    /// <summary>The token the last attempt carried, for the "new token once on 401" rule.</summary>
    public static readonly HttpRequestOptionsKey<string> TokenSent = new("Assistant.BotConnector.TokenSent");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(SendToken, out var send) && send)
        {
            string token;
            try
            {
                token = await tokens.GetTokenAsync(cancellationToken);
            }
            catch (MsalServiceException e) when (IsTransient(e.StatusCode))
            {
                throw new HttpRequestException($"The token endpoint answered {e.StatusCode} ({e.ErrorCode}).", e, (HttpStatusCode)e.StatusCode);
            }
            catch (MsalClientException e) when (e.InnerException is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw new HttpRequestException($"The token endpoint could not be reached ({e.ErrorCode}).", e);
            }
            catch (MsalException e)
            {
                throw new BotConnectorTokenException($"No Bot Connector token: {e.ErrorCode}: {e.Message}", e);
            }

            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Options.Set(TokenSent, token);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static bool IsTransient(int status) => status is 0 or 408 or 429 or >= 500;
}

/// <summary>The token endpoint refused the bot's credentials; retrying will not help.</summary>
public sealed class BotConnectorTokenException(string message, Exception inner) : Exception(message, inner);
