namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteTranscriptStore(SqliteDatabase database) : ITranscriptStore
{
    public Task AppendAsync(IReadOnlyList<TranscriptEntry> entries, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction, token) => AppendInAsync(connection, transaction, entries, token), cancellationToken);

    /// <summary>Appends the entries inside the caller's transaction (a turn's commit writes them with its other rows).</summary>
    internal static async Task AppendInAsync(Microsoft.Data.Sqlite.SqliteConnection connection,
        Microsoft.Data.Sqlite.SqliteTransaction transaction, IReadOnlyList<TranscriptEntry> entries, CancellationToken token)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var command = SqliteStatements.Get(connection, transaction, """
            INSERT INTO transcripts (conversation_key, direction, activity_id, timestamp, json)
            VALUES ($key, $direction, $id, $timestamp, $json)
            """);
        var key = command.Parameters.Add("$key", Microsoft.Data.Sqlite.SqliteType.Text);
        var direction = command.Parameters.Add("$direction", Microsoft.Data.Sqlite.SqliteType.Text);
        var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Text);
        var timestamp = command.Parameters.Add("$timestamp", Microsoft.Data.Sqlite.SqliteType.Text);
        var json = command.Parameters.Add("$json", Microsoft.Data.Sqlite.SqliteType.Text);
        foreach (var entry in entries)
        {
            key.Value = entry.ConversationKey;
            direction.Value = entry.Direction;
            id.Value = (object?)entry.ActivityId ?? DBNull.Value;
            timestamp.Value = entry.Timestamp.ToString("O");
            json.Value = entry.ActivityJson;
            await command.ExecuteNonQueryAsync(token);
        }
    }

    public async Task<IReadOnlyList<TranscriptEntry>> ReadAsync(string conversationKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT conversation_key, direction, activity_id, timestamp, json FROM transcripts
            WHERE conversation_key = $key ORDER BY id
            """;
        command.Parameters.AddWithValue("$key", conversationKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<TranscriptEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new TranscriptEntry(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(4)));
        }

        return result;
    }
}
