using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>Claimed channel updates in the <c>processed_updates</c> table (created by migration 4).</summary>
public sealed class SqliteProcessedUpdateStore(SqliteDatabase database) : IProcessedUpdateStore
{
    public Task<bool> TryClaimAsync(ReceivedUpdate update, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO processed_updates (source, update_id, conversation_id, payload, claimed_at_ms)
                VALUES ($source, $id, $conversation, $payload, $claimed)
                ON CONFLICT (source, update_id) DO NOTHING
                """;
            command.Parameters.AddWithValue("$source", update.Source);
            command.Parameters.AddWithValue("$id", update.UpdateId);
            command.Parameters.AddWithValue("$conversation", (object?)update.ConversationId ?? DBNull.Value);
            command.Parameters.AddWithValue("$payload", update.Payload);
            command.Parameters.AddWithValue("$claimed", update.ClaimedAt.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task CompleteAsync(string source, long updateId, DateTimeOffset completedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE processed_updates SET completed_at_ms = $completed, payload = ''
                WHERE source = $source AND update_id = $id AND completed_at_ms IS NULL
                """;
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$id", updateId);
            command.Parameters.AddWithValue("$completed", completedAt.ToUnixTimeMilliseconds());
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<IReadOnlyList<ReceivedUpdate>> ListStaleAsync(string source, DateTimeOffset claimedBefore, int max,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT update_id, conversation_id, payload, claimed_at_ms FROM processed_updates
            WHERE source = $source AND completed_at_ms IS NULL AND claimed_at_ms < $before
            ORDER BY claimed_at_ms, update_id LIMIT $max
            """;
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$before", claimedBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ReceivedUpdate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ReceivedUpdate(source, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return result;
    }

    public Task<bool> TryReclaimAsync(string source, long updateId, DateTimeOffset staleClaimedAt, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE processed_updates SET claimed_at_ms = $now
                WHERE source = $source AND update_id = $id AND completed_at_ms IS NULL AND claimed_at_ms = $stale
                """;
            command.Parameters.AddWithValue("$source", source);
            command.Parameters.AddWithValue("$id", updateId);
            command.Parameters.AddWithValue("$stale", staleClaimedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task<int> PruneAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM processed_updates WHERE completed_at_ms IS NOT NULL AND completed_at_ms < $before";
            command.Parameters.AddWithValue("$before", completedBefore.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
}
