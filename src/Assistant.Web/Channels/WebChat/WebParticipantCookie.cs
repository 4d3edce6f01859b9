using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.DataProtection;

namespace Assistant.Web.Channels.WebChat;

/// <summary>
/// The web chat's participant across visits: the Direct Line user id and the last conversation, protected with ASP.NET
/// Data Protection (encrypted and signed) in an <c>HttpOnly</c>, <c>SameSite=Lax</c> cookie that lasts
/// <see cref="Lifetime"/>, <c>Secure</c> whenever the request came over TLS. Scripts never see it: the page only ever
/// holds a short-lived conversation token.
/// </summary>
public sealed class WebParticipantCookie(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    public const string CookieName = "assistant-participant";

    /// <summary>How long a browser stays the same participant without visiting; every visit starts the period again.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(180);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("Assistant.WebChat.Participant.v1");

    /// <summary>The participant the request's cookie names; null when there is none or it was not made by this server.</summary>
    public WebParticipant? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value) || value.Length > 2048)
        {
            return null;
        }

        try
        {
            var participant = JsonSerializer.Deserialize<WebParticipant>(_protector.Unprotect(value));
            return participant is { UserId.Length: > 0 } ? participant : null;
        }
        catch (Exception e) when (e is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }

    public void Write(HttpContext context, WebParticipant participant) =>
        context.Response.Cookies.Append(CookieName, _protector.Protect(JsonSerializer.Serialize(participant)),
            Options(context, clock.GetUtcNow() + Lifetime));

    /// <summary>Tells the browser to drop the cookie (after <c>/forget</c>).</summary>
    public void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(CookieName, Options(context, expires: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        IsEssential = true,
        Expires = expires,
        MaxAge = expires is null ? null : Lifetime,
    };
}

/// <param name="UserId">The Direct Line user id bound into every token the page gets; the participant key derives from it.</param>
/// <param name="ConversationId">The conversation the page resumes on the next visit.</param>
public sealed record WebParticipant(
    [property: JsonPropertyName("u")] string UserId,
    [property: JsonPropertyName("c")] string? ConversationId);
