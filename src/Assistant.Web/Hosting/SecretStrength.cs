namespace Assistant.Web.Hosting;

/// <summary>
/// A conservative estimate of how much randomness a configured secret holds, from its length and the character classes
/// it uses (as if every character were drawn at random from those classes):
/// <list type="bullet">
/// <item>only hexadecimal digits (<c>0-9</c> with <c>a-f</c> or with <c>A-F</c>): 4 bits a character
/// (<c>openssl rand -hex 32</c>: 64 characters, 256 bits);</item>
/// <item>otherwise the alphabet is the sum of the classes present: digits 10, lowercase 26, uppercase 26, anything else
/// 33 (base64 from <c>openssl rand -base64 32</c>: 43 characters plus padding at about 6 bits each, 258 bits);</item>
/// <item>trailing <c>=</c> (base64 padding) does not count, and a secret of fewer than 8 distinct characters counts as
/// none (<c>aaaa…</c> is long, not random).</item>
/// </list>
/// The estimate is an upper bound for anything a person typed; it only has to catch placeholders, words and short values.
/// </summary>
public static class SecretStrength
{
    /// <summary>32 bytes: the least the participant key secret and the Direct Line secret must hold.</summary>
    public const int RequiredBits = 256;

    public const string GenerateHint = "openssl rand -base64 32";

    public static double EstimateBits(string? secret)
    {
        var value = (secret ?? "").Trim().TrimEnd('=');
        if (value.Length == 0 || value.Distinct().Count() < 8)
        {
            return 0;
        }

        double alphabet;
        if (value.All(char.IsAsciiHexDigitLower) || value.All(char.IsAsciiHexDigitUpper))
        {
            alphabet = 16;
        }
        else
        {
            alphabet = (value.Any(char.IsAsciiDigit) ? 10 : 0)
                + (value.Any(char.IsAsciiLetterLower) ? 26 : 0)
                + (value.Any(char.IsAsciiLetterUpper) ? 26 : 0)
                + (value.Any(c => !char.IsAsciiLetterOrDigit(c)) ? 33 : 0);
        }

        return value.Length * Math.Log2(alphabet);
    }

    public static bool IsStrong(string? secret) => EstimateBits(secret) >= RequiredBits;
}
