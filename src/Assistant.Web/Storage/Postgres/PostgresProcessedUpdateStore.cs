using Assistant.Web.Channels.Telegram;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Claimed channel updates. The primary key (source, update_id) and <c>ON CONFLICT DO NOTHING</c> let exactly one
/// instance claim an update id; a take-over is a compare-and-set on the claim time.
/// </summary>
public sealed class PostgresProcessedUpdateStore(PostgresDatabase database) : IProcessedUpdateStore
{
    public async Task<bool> TryClaimAsync(ReceivedUpdate update, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO processed_updates (source, update_id, conversation_id, payload, claimed_at_ms)
            VALUES (@source, @id, @conversation, @payload, @claimed)
            ON CONFLICT (source, update_id) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("source", update.Source);
        command.Parameters.AddWithValue("id", update.UpdateId);
        command.Parameters.Add(new NpgsqlParameter("conversation", NpgsqlDbType.Text) { Value = (object?)update.ConversationId ?? DBNull.Value });
        command.Parameters.AddWithValue("payload", update.Payload);
        command.Parameters.AddWithValue("claimed", update.ClaimedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task CompleteAsync(string source, long updateId, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE processed_updates SET completed_at_ms = @completed, payload = ''
            WHERE source = @source AND update_id = @id AND completed_at_ms IS NULL
            """, connection);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", updateId);
        command.Parameters.AddWithValue("completed", completedAt.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ReceivedUpdate>> ListStaleAsync(string source, DateTimeOffset claimedBefore, int max,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT update_id, conversation_id, payload, claimed_at_ms FROM processed_updates
            WHERE source = @source AND completed_at_ms IS NULL AND claimed_at_ms < @before
            ORDER BY claimed_at_ms, update_id LIMIT @max
            """, connection);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("before", claimedBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ReceivedUpdate>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ReceivedUpdate(source, reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return result;
    }

    public async Task<bool> TryReclaimAsync(string source, long updateId, DateTimeOffset staleClaimedAt, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE processed_updates SET claimed_at_ms = @now
            WHERE source = @source AND update_id = @id AND completed_at_ms IS NULL AND claimed_at_ms = @stale
            """, connection);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("id", updateId);
        command.Parameters.AddWithValue("stale", staleClaimedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> PruneAsync(DateTimeOffset completedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "DELETE FROM processed_updates WHERE completed_at_ms IS NOT NULL AND completed_at_ms < @before", connection);
        command.Parameters.AddWithValue("before", completedBefore.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
