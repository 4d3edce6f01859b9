using System.Security.Cryptography;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>
/// What an erased activity leaves in a Direct Line log: an invisible event with only its id, time and conversation, so
/// the log's numbering (the clients' watermarks) stays intact while nothing of what was said remains. The erased
/// conversation's user id is replaced too (<see cref="UserIdPrefix"/>), and the reply to an erased activity (the
/// confirmation of <c>/forget</c>) is logged without the recipient's id (<see cref="WithoutRecipient"/>).
/// </summary>
public static class ErasedActivity
{
    public const string EventName = "erased";

    /// <summary>
    /// An erased conversation's user id becomes this prefix and a random part: nobody's id, and no two erased
    /// conversations share one (a conversation resumed with the secret then speaks as a new, unlinked user).
    /// </summary>
    public const string UserIdPrefix = "erased-";

    public static Activity Tombstone(Activity original) => new()
    {
        Type = ActivityTypes.Event,
        Name = EventName,
        Id = original.Id,
        Timestamp = original.Timestamp,
        Conversation = original.Conversation is { } c ? new ConversationAccount { Id = c.Id } : null,
    };

    public static bool IsTombstone(Activity activity) => activity.Type == ActivityTypes.Event && activity.Name == EventName;

    /// <summary>A user id for an erased conversation (the SQL stores build the same shape in SQL).</summary>
    public static string NewUserId() => UserIdPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    /// <summary>A copy of a reply to an erased activity, as the log keeps it: addressed to no one by id.</summary>
    public static Activity WithoutRecipient(Activity reply)
    {
        var copy = reply.Clone();
        copy.Recipient = null;
        return copy;
    }
}
