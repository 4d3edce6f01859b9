using System.Security.Cryptography;
using System.Text;

namespace Assistant.Core.Conversation;

/// <summary>
/// Pseudonymous participant keys: HMAC-SHA256 of channel and channel user id with a server secret kept in configuration.
/// The same person on the same channel always gets the same key; without the secret the key reveals nothing.
/// </summary>
public sealed class ParticipantKeys(string secret)
{
    public const string PlaceholderSecret = "dev-participant-key-secret-change-me";

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(secret);

    public string For(string channel, string channelUserId)
    {
        var hash = HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(channel + "\n" + channelUserId));
        return "p_" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}
