using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>Transcripts, appended in one batch per call and read back in the order they were stored.</summary>
public sealed class PostgresTranscriptStore(PostgresDatabase database) : ITranscriptStore
{
    public async Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        // A batch runs as one implicit transaction: all entries or none.
        await AppendInAsync(connection, null, entries, cancellationToken);
    }

    /// <summary>Appends the entries on the caller's connection and transaction (a turn's commit writes them with its other rows).</summary>
    internal static async Task AppendInAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
        {
            return;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var entry in entries)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO transcripts (conversation_key, direction, activity_id, timestamp, json)
                VALUES (@key, @direction, @id, @timestamp, @json)
                """);
            command.Parameters.AddWithValue("key", entry.ConversationKey);
            command.Parameters.AddWithValue("direction", entry.Direction);
            command.Parameters.Add(new NpgsqlParameter("id", NpgsqlDbType.Text) { Value = (object?)entry.ActivityId ?? DBNull.Value });
            command.Parameters.AddWithValue("timestamp", entry.Timestamp.ToUniversalTime());
            command.Parameters.AddWithValue("json", entry.ActivityJson);
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT conversation_key, direction, activity_id, timestamp, json FROM transcripts
            WHERE conversation_key = @key ORDER BY id
            """, connection);
        command.Parameters.AddWithValue("key", conversationKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<TranscriptEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new TranscriptEntry(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
        }

        return result;
    }
}
