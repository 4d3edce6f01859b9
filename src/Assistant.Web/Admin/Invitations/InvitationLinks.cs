using Assistant.Core.Surveys.Invitations;
using QRCoder;

namespace Assistant.Web.Admin.Invitations;

/// <summary>
/// The ways an invitation code reaches people: the chat page's address (<c>/?i=&lt;code&gt;</c>), the Telegram deep link
/// (<c>https://t.me/&lt;bot&gt;?start=&lt;code&gt;</c>) and a QR code of the web address, drawn as SVG to print.
/// </summary>
public static class InvitationLinks
{
    /// <summary>Telegram's limit for the <c>start</c> parameter of a deep link.</summary>
    public const int TelegramStartMaxLength = 64;

    public static string Web(string origin, string code) => origin.TrimEnd('/') + "/?i=" + code;

    /// <summary>The deep link; refuses a payload Telegram would not pass on (too long, or a character outside A–Z a–z 0–9 _ -).</summary>
    public static string Telegram(string botUsername, string code)
    {
        if (code.Length > TelegramStartMaxLength || !InvitationCodes.IsCodeText(code))
        {
            throw new ArgumentException(
                $"A Telegram start parameter is 1–{TelegramStartMaxLength} characters of A–Z a–z 0–9 _ -.", nameof(code));
        }

        return $"https://t.me/{Uri.EscapeDataString(botUsername)}?start={code}";
    }

    /// <summary>A QR code of <paramref name="text"/> as a standalone SVG document (error correction M, quiet zone included).</summary>
    public static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
