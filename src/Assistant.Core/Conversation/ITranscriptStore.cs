namespace Assistant.Core.Conversation;

/// <summary>Every activity that went in or out of a conversation, on any channel.</summary>
public interface ITranscriptStore
{
    Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken);

    Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, CancellationToken cancellationToken);
}

public sealed record TranscriptEntry(
    string ConversationKey,
    string Direction,
    string? ActivityId,
    DateTimeOffset Timestamp,
    string ActivityJson)
{
    public const string Inbound = "in";
    public const string Outbound = "out";
}
