namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// What an erased activity leaves in a Direct Line log: an invisible event with only its id, time and conversation, so
/// the log's numbering (the clients' watermarks) stays intact while nothing of what was said remains.
/// </summary>
public static class ErasedActivity
{
    public const string EventName = "erased";

    public static Activity Tombstone(Activity original) => new()
    {
        Type = ActivityTypes.Event,
        Name = EventName,
        Id = original.Id,
        Timestamp = original.Timestamp,
        Conversation = original.Conversation is { } c ? new ConversationAccount { Id = c.Id } : null,
    };

    public static bool IsTombstone(Activity activity) => activity.Type == ActivityTypes.Event && activity.Name == EventName;
}
