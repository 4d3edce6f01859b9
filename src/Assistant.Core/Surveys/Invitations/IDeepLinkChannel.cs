namespace Assistant.Core.Surveys.Invitations;

/// <summary>
/// A channel that opens the assistant from a link carrying a start payload (Telegram's <c>t.me/&lt;bot&gt;?start=…</c>):
/// the desk shows that link next to the web link of an invitation. Registered by the channel when it is on.
/// </summary>
public interface IDeepLinkChannel
{
    /// <summary>The channel's name as people know it ("Telegram").</summary>
    string Name { get; }

    /// <summary>The link that starts the assistant with <paramref name="payload"/>; null while the channel cannot tell it yet.</summary>
    string? LinkFor(string payload);
}
