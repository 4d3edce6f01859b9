namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteStateStore(SqliteDatabase database, TimeProvider clock) : IStateStore
{
    public async Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT json, etag FROM state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StateEntry(reader.GetString(0), reader.GetString(1)) : null;
    }

    public Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var etag = Guid.NewGuid().ToString("N");
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = expectedETag is null
                ? "INSERT INTO state (key, etag, json, updated_at) VALUES ($key, $etag, $json, $now) ON CONFLICT (key) DO NOTHING"
                : "UPDATE state SET etag = $etag, json = $json, updated_at = $now WHERE key = $key AND etag = $expected";
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$etag", etag);
            command.Parameters.AddWithValue("$json", json);
            command.Parameters.AddWithValue("$now", clock.GetUtcNow().ToString("O"));
            command.Parameters.AddWithValue("$expected", (object?)expectedETag ?? DBNull.Value);
            var changed = await command.ExecuteNonQueryAsync(token);
            return changed == 1 ? etag : throw new ConcurrencyConflictException(key);
        }, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM state WHERE key = $key";
            command.Parameters.AddWithValue("$key", key);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
}
