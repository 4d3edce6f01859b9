using System.Text.Json;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Web.Channels.BotConnector;

/// <summary>
/// The Bot Connector's OpenID metadata with its signing keys, and for each key id the channels that key may vouch for
/// (<c>endorsements</c>, a Bot Framework member of the JWKS that the JWK model does not carry). Keys and endorsements
/// come from one download of the JWKS, so they are always refreshed together.
/// </summary>
public sealed record BotConnectorMetadata(
    OpenIdConnectConfiguration OpenId,
    IReadOnlyDictionary<string, IReadOnlySet<string>> Endorsements)
{
    public IReadOnlySet<string> EndorsementsOf(string? keyId) =>
        keyId is not null && Endorsements.TryGetValue(keyId, out var channels) ? channels : new HashSet<string>();

    /// <summary>Reads <c>{"keys":[{"kid": …, "endorsements": [ … ]}]}</c>; keys without a kid or endorsements vouch for nothing.</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> ReadEndorsements(string jwksJson)
    {
        var result = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(jwksJson);
        if (!document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
        {
            return result;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.Object
                || !key.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || !key.TryGetProperty("endorsements", out var endorsements) || endorsements.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            result[kid.GetString()!] = endorsements.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.String)
                .Select(e => e.GetString()!)
                .ToHashSet(StringComparer.Ordinal);
        }

        return result;
    }
}

/// <summary>Downloads the metadata document, then the JWKS it names; used by a caching <see cref="ConfigurationManager{T}"/>.</summary>
public sealed class BotConnectorMetadataRetriever : IConfigurationRetriever<BotConnectorMetadata>
{
    public async Task<BotConnectorMetadata> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var openId = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        if (string.IsNullOrWhiteSpace(openId.JwksUri))
        {
            throw new InvalidOperationException($"The OpenID metadata at {address} names no jwks_uri.");
        }

        var jwksJson = await retriever.GetDocumentAsync(openId.JwksUri, cancel);
        openId.JsonWebKeySet = JsonWebKeySet.Create(jwksJson);
        foreach (var key in openId.JsonWebKeySet.GetSigningKeys())
        {
            openId.SigningKeys.Add(key);
        }

        return new BotConnectorMetadata(openId, BotConnectorMetadata.ReadEndorsements(jwksJson));
    }
}

/// <summary>Fetches metadata documents over HTTPS only (plain HTTP only on loopback, for local stand-ins), never following redirects.</summary>
public sealed class BotConnectorDocumentRetriever(IHttpClientFactory httpClients) : IDocumentRetriever
{
    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!BotFrameworkOptions.IsSecureOrLoopback(address))
        {
            throw new InvalidOperationException($"'{address}' is not an HTTPS address; the Bot Connector's keys are fetched over HTTPS only.");
        }

        using var client = httpClients.CreateClient(BotConnectorClient.HttpClientName);
        using var response = await client.GetAsync(new Uri(address), cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{address} answered {(int)response.StatusCode}.");
        }

        return await response.Content.ReadAsStringAsync(cancel);
    }
}
