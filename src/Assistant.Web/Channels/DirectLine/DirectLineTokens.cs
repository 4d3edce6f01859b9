using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// Conversation tokens and stream tickets: HMAC-signed JWTs bound to one conversation and one user. Being signed, they
/// survive a server restart and work on every instance that shares the secret. The <c>user</c> claim is what Web Chat
/// reads to know its own user id.
/// </summary>
public sealed class DirectLineTokens
{
    private const string Issuer = "assistant-directline";
    private const string TokenAudience = "directline-token";
    private const string StreamAudience = "directline-stream";

    private readonly DirectLineOptions _options;
    private readonly TimeProvider _clock;
    private readonly SymmetricSecurityKey _key;
    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    public DirectLineTokens(IOptions<DirectLineOptions> options, TimeProvider clock)
    {
        _options = options.Value;
        _clock = clock;
        var keyBytes = HMACSHA256.HashData(Encoding.UTF8.GetBytes(_options.Secret), "directline-token-signing"u8);
        _key = new SymmetricSecurityKey(keyBytes);
    }

    public int LifetimeSeconds => _options.TokenLifetimeSeconds;

    public bool IsSecret(string credential) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), Encoding.UTF8.GetBytes(_options.Secret));

    public string IssueToken(string conversationId, string userId) =>
        Issue(conversationId, userId, TokenAudience, TimeSpan.FromSeconds(_options.TokenLifetimeSeconds));

    public string IssueStreamTicket(string conversationId, string userId) =>
        Issue(conversationId, userId, StreamAudience, TimeSpan.FromSeconds(_options.StreamTicketSeconds));

    public Task<TokenCheck> ValidateTokenAsync(string token) => ValidateAsync(token, TokenAudience);

    public Task<TokenCheck> ValidateStreamTicketAsync(string ticket) => ValidateAsync(ticket, StreamAudience);

    private string Issue(string conversationId, string userId, string audience, TimeSpan lifetime)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = new Dictionary<string, object> { ["conv"] = conversationId, ["user"] = userId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.HmacSha256),
        });
    }

    private async Task<TokenCheck> ValidateAsync(string token, string audience)
    {
        var result = await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = audience,
            IssuerSigningKey = _key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            ClockSkew = TimeSpan.Zero,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = _clock.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore <= now) && expires is { } e && e > now;
            },
        });
        if (!result.IsValid)
        {
            return result.Exception is SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException
                ? TokenCheck.Expired
                : TokenCheck.Invalid;
        }

        var conversation = result.ClaimsIdentity.FindFirst("conv")?.Value;
        var user = result.ClaimsIdentity.FindFirst("user")?.Value;
        var id = result.ClaimsIdentity.FindFirst("jti")?.Value;
        return conversation is null || user is null || id is null
            ? TokenCheck.Invalid
            : TokenCheck.Valid(conversation, user) with
            {
                Id = id,
                Expires = new DateTimeOffset(DateTime.SpecifyKind(result.SecurityToken.ValidTo, DateTimeKind.Utc)),
            };
    }
}

public sealed record TokenCheck(TokenStatus Status, string? ConversationId, string? UserId)
{
    /// <summary>The token's unique id (<c>jti</c>) when valid: a stream ticket is used once by this id.</summary>
    public string? Id { get; init; }

    /// <summary>When a valid token expires.</summary>
    public DateTimeOffset Expires { get; init; }

    public static readonly TokenCheck Invalid = new(TokenStatus.Invalid, null, null);
    public static readonly TokenCheck Expired = new(TokenStatus.Expired, null, null);

    public static TokenCheck Valid(string conversationId, string userId) => new(TokenStatus.Valid, conversationId, userId);
}

public enum TokenStatus
{
    Valid,
    Invalid,
    Expired,
}
