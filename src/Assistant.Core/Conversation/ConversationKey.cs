namespace Assistant.Core.Conversation;

/// <summary>Identifies a conversation across channels: <c>{channel}/{conversationId}</c>.</summary>
public readonly record struct ConversationKey(string Channel, string ConversationId)
{
    public string StateKey => $"{Channel}/conversations/{ConversationId}";

    /// <summary>The state document of one of the channel's users (their language choice), shared by their conversations.</summary>
    public string UserStateKey(string userId) => $"{Channel}/users/{userId}";

    public override string ToString() => $"{Channel}/{ConversationId}";
}
