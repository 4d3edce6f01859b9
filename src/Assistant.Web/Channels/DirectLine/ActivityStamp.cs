using System.Globalization;

namespace Assistant.Web.Channels.DirectLine;

/// <summary>How every activity log store numbers, names and times what it appends.</summary>
public static class ActivityStamp
{
    public static string IdFor(string conversationId, long sequence) =>
        conversationId + "|" + sequence.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>Millisecond timestamps that strictly increase within a conversation (Web Chat orders by them).</summary>
    public static long NextTimestampMs(long previousMs, DateTimeOffset now)
    {
        var candidate = now.ToUnixTimeMilliseconds();
        return candidate > previousMs ? candidate : previousMs + 1;
    }

    /// <summary>Gives the activity its logged identity: id, timestamp and conversation.</summary>
    public static void Apply(Activity activity, string conversationId, long sequence, long timestampMs)
    {
        activity.Id = IdFor(conversationId, sequence);
        activity.Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(timestampMs);
        activity.Conversation ??= new ConversationAccount();
        activity.Conversation.Id = conversationId;
    }
}
