
namespace Assistant.Core.Conversation;

public sealed class ParticipantOptions
{
    public const string SectionName = "Participants";

    /// <summary>The secret of the pseudonymous participant keys (HMAC). Changing it unlinks everyone from earlier answers.</summary>
    public string KeySecret { get; set; } = ParticipantKeys.PlaceholderSecret;
}
