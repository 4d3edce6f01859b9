
namespace Assistant.Core.Conversation;

/// <summary>Identifies a conversation across channels: <c>{channel}/{conversationId}</c>.</summary>
public readonly record struct ConversationKey(string Channel, string ConversationId)
{
    public string StateKey => $"{Channel}/conversations/{ConversationId}";

    public override string ToString() => $"{Channel}/{ConversationId}";
}
