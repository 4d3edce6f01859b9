using Assistant.Core.Surveys.Invitations;
using QRCoder;

namespace Assistant.Web.Admin.Invitations;

/// <summary>
/// The ways an invitation code reaches people besides the channels' own deep links (<see cref="IDeepLinkChannel"/>): the
/// chat page's address (<c>/?i=&lt;code&gt;</c>) and a QR code of it, drawn as SVG to print.
/// </summary>
public static class InvitationLinks
{
    public static string Web(string origin, string code) => origin.TrimEnd('/') + "/?i=" + code;

    /// <summary>A QR code of <paramref name="text"/> as a standalone SVG document (error correction M, quiet zone included).</summary>
    public static string QrSvg(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8);
    }
}
