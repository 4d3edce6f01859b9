using System.Globalization;
using Assistant.Core.Storage;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteRetentionStore(SqliteDatabase database) : IRetentionStore
{
    public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        database.ExecuteInTransactionAsync(Statements, p =>
        {
            p.AddWithValue("$cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            p.AddWithValue("$cutoffMs", cutoff.ToUnixTimeMilliseconds());
        }, cancellationToken);

    // Transcript and question times are ISO 8601 strings; they are compared as instants by SQLite's julianday().
    private static readonly string[] Statements =
    [
        "DELETE FROM transcripts WHERE julianday(timestamp) < julianday($cutoff)",
        "DELETE FROM unanswered_questions WHERE julianday(asked_at) < julianday($cutoff)",
        $"""
        UPDATE dl_activities SET client_activity_id = NULL,
            json = json_object('type', 'event', 'name', '{ErasedActivity.EventName}', 'id', json_extract(json, '$.id'),
                'timestamp', json_extract(json, '$.timestamp'), 'conversation', json_object('id', conversation_id))
        WHERE timestamp_ms < $cutoffMs AND json_extract(json, '$.name') IS NOT '{ErasedActivity.EventName}'
        """,
    ];
}
