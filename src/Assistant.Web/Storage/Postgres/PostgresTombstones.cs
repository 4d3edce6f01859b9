using Assistant.Web.Channels.DirectLine;


namespace Assistant.Web.Storage.Postgres;

/// <summary>SQL that turns a Direct Line log row into its <see cref="ErasedActivity"/> tombstone, in place.</summary>
internal static class PostgresTombstones
{
    /// <summary>
    /// The SET clause: keeps number, id, time and conversation, drops everything said and the client's idempotency key.
    /// Parsed as <c>json</c> (not jsonb), which accepts any escape a message may carry.
    /// </summary>
    public const string Set = $"""
        client_activity_id = NULL,
        json = json_build_object('type', 'event', 'name', '{ErasedActivity.EventName}', 'id', json::json->>'id',
            'timestamp', json::json->>'timestamp', 'conversation', json_build_object('id', conversation_id))::text
        """;

    /// <summary>A WHERE condition true for rows that are not tombstones yet.</summary>
    public const string NotErased = $"(json::json->>'name') IS DISTINCT FROM '{ErasedActivity.EventName}'";

    /// <summary>True for rows that are tombstones.</summary>
    public const string IsErased = $"(json::json->>'name') IS NOT DISTINCT FROM '{ErasedActivity.EventName}'";
}
