using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// The bot's client-credentials token for calls to the Bot Connector (scope https://api.botframework.com/.default),
/// requested from the Entra token endpoint and reused until shortly before it expires.
/// </summary>
public sealed class BotConnectorTokens(
    IHttpClientFactory httpClients,
    IOptions<BotFrameworkOptions> options,
    TimeProvider clock,
    ILogger<BotConnectorTokens> logger) : IDisposable
{
    /// <summary>A token is renewed this long before it expires, so that none expires on its way.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private string? _token;
    private DateTimeOffset _renewAt;

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Current() is { } cached)
        {
            return cached;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            if (Current() is { } fresh)
            {
                return fresh;
            }

            var (token, lifetime) = await RequestAsync(cancellationToken);
            // Short-lived tokens are renewed at half their life rather than never reused.
            _renewAt = clock.GetUtcNow() + (lifetime > 2 * RenewBefore ? lifetime - RenewBefore : lifetime / 2);
            Volatile.Write(ref _token, token);
            return token;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets a token the Connector refused, so that the next call asks for a new one.</summary>
    public void Invalidate(string token) => Interlocked.CompareExchange(ref _token, null, token);

    public void Dispose() => _lock.Dispose();

    private string? Current() => Volatile.Read(ref _token) is { } token && clock.GetUtcNow() < _renewAt ? token : null;

    private async Task<(string Token, TimeSpan Lifetime)> RequestAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var endpoint = settings.ResolveTokenEndpoint();
        using var client = httpClients.CreateClient(BotConnectorClient.HttpClientName);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = settings.AppId,
            ["client_secret"] = settings.AppPassword,
            ["scope"] = BotFrameworkOptions.ConnectorScope,
        });
        using var response = await client.PostAsync(endpoint, form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The error body names the problem (wrong secret, unknown app, wrong tenant) and holds no secret.
            throw new HttpRequestException(
                $"The token endpoint {endpoint} answered {(int)response.StatusCode}: {Truncate(body, 500)}", null, response.StatusCode);
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (!root.TryGetProperty("access_token", out var accessToken) || accessToken.GetString() is not { Length: > 0 } token)
        {
            throw new HttpRequestException($"The token endpoint {endpoint} answered without an access_token.");
        }

        var seconds = root.TryGetProperty("expires_in", out var expiresIn) ? expiresIn.ValueKind switch
        {
            JsonValueKind.Number => expiresIn.GetInt32(),
            JsonValueKind.String when int.TryParse(expiresIn.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
            _ => 0,
        } : 0;
        if (seconds <= 0)
        {
            seconds = 300;
        }

        logger.LogInformation("Got a Bot Connector token valid for {Seconds} s", seconds);
        return (token, TimeSpan.FromSeconds(seconds));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
