using System.Globalization;
using System.Text.RegularExpressions;
using ZXing;
using ZXing.Common;
using ZXing.QrCode;

namespace Assistant.Web.Tests.Admin;

/// <summary>
/// Reads a QR code drawn as SVG the way a phone would: the dark modules (rows of the path's "M x y h w v1 h-w z"
/// segments) are painted into a grey-scale picture, which ZXing decodes.
/// </summary>
public static partial class QrDecoder
{
    private const int Scale = 4;

    public static string? Decode(string svg)
    {
        var box = ViewBox().Match(svg);
        Assert.True(box.Success, "The SVG has no viewBox.");
        var size = int.Parse(box.Groups[1].Value, CultureInfo.InvariantCulture) * Scale;
        var pixels = Enumerable.Repeat((byte)255, size * size).ToArray();
        foreach (Match run in Run().Matches(svg))
        {
            var x = int.Parse(run.Groups["x"].Value, CultureInfo.InvariantCulture);
            var y = int.Parse(run.Groups["y"].Value, CultureInfo.InvariantCulture);
            var width = int.Parse(run.Groups["w"].Value, CultureInfo.InvariantCulture);
            for (var row = y * Scale; row < (y + 1) * Scale; row++)
            {
                Array.Fill(pixels, (byte)0, (row * size) + (x * Scale), width * Scale);
            }
        }

        var bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(pixels, size, size, RGBLuminanceSource.BitmapFormat.Gray8)));
        return new QRCodeReader().decode(bitmap)?.Text;
    }

    [GeneratedRegex(@"viewBox=""0 0 (\d+) \1""")]
    private static partial Regex ViewBox();

    [GeneratedRegex(@"M(?<x>\d+) (?<y>\d+)h(?<w>\d+)v1h-\k<w>z")]
    private static partial Regex Run();
}
