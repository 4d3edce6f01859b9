using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Assistant.Core.Surveys.Invitations;

/// <summary>
/// Signed invitation codes: a random invitation id (9 bytes) followed by the first 12 bytes of its HMAC-SHA256, both
/// in base64url — 28 characters of A–Z a–z 0–9 _ -, so the code fits Telegram's <c>start</c> parameter (at most 64 of
/// those characters) and a web address as it is. A changed character breaks the signature; nobody can make up a code.
/// The key is derived (HKDF) from the participant key secret, which must already be a strong, stable secret.
/// </summary>
public sealed class InvitationCodes
{
    public const int IdBytes = 9;
    public const int SignatureBytes = 12;

    /// <summary>Length of every code: 12 characters of id and 16 of signature.</summary>
    public const int Length = 28;

    private static readonly byte[] Purpose = Encoding.ASCII.GetBytes("assistant/invitation-codes/v1");
    private readonly byte[] _key;

    public InvitationCodes(string secret) =>
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: Purpose);

    public static string NewId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(IdBytes));

    public string Sign(string id)
    {
        if (id.Length != Length - 16 || !IsCodeText(id))
        {
            throw new ArgumentException("An invitation id is 12 base64url characters.", nameof(id));
        }

        return id + Base64Url.EncodeToString(Mac(id));
    }

    /// <summary>The invitation id of a genuine code; null when the text is not one (wrong length or signature).</summary>
    public string? Verify(string code)
    {
        if (code.Length != Length || !IsCodeText(code))
        {
            return null;
        }

        var id = code[..12];
        Span<byte> given = stackalloc byte[SignatureBytes];
        if (!Base64Url.TryDecodeFromChars(code.AsSpan(12), given, out var written) || written != SignatureBytes)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(given, Mac(id)) ? id : null;
    }

    /// <summary>Whether the text has the shape of a code (it may still be forged): a deep-link payload to check.</summary>
    public static bool LooksLikeCode(string text) => text.Length == Length && IsCodeText(text);

    /// <summary>Only the characters Telegram allows in a <c>start</c> parameter and a URL carries unescaped.</summary>
    public static bool IsCodeText(string text) => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private byte[] Mac(string id) => HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(id)).AsSpan(0, SignatureBytes).ToArray();
}
