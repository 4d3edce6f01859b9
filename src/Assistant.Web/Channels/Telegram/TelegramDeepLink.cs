using Assistant.Core.Surveys.Invitations;

namespace Assistant.Web.Channels.Telegram;

/// <summary>
/// Telegram deep links, <c>https://t.me/&lt;bot&gt;?start=&lt;payload&gt;</c>: the bot's username from <c>getMe</c>, and
/// a payload Telegram passes on (1–64 characters of A–Z a–z 0–9 _ -).
/// </summary>
public sealed class TelegramDeepLink(TelegramBotProfile profile) : IDeepLinkChannel
{
    /// <summary>Telegram's limit for the <c>start</c> parameter of a deep link.</summary>
    public const int MaxPayloadLength = 64;

    public string Name => "Telegram";

    public string? LinkFor(string payload) => profile.Username is { } bot ? For(bot, payload) : null;

    /// <summary>The deep link; refuses a payload Telegram would not pass on (too long, or a character outside A–Z a–z 0–9 _ -).</summary>
    public static string For(string botUsername, string payload)
    {
        if (payload.Length > MaxPayloadLength || !InvitationCodes.IsCodeText(payload))
        {
            throw new ArgumentException($"A Telegram start parameter is 1–{MaxPayloadLength} characters of A–Z a–z 0–9 _ -.", nameof(payload));
        }

        return $"https://t.me/{Uri.EscapeDataString(botUsername)}?start={payload}";
    }
}
