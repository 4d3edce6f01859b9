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
            var write = new StateWrite(key, json, expectedETag, Guid.NewGuid().ToString("N"));
            await WriteInAsync(connection, transaction, write, clock.GetUtcNow(), token);
            return write.NewETag;
        }, cancellationToken);

    /// <summary>
    /// Writes one document inside the caller's transaction (a turn's commit writes its documents with its other rows);
    /// throws <see cref="ConcurrencyConflictException"/> when the stored eTag is not the expected one.
    /// </summary>
    internal static async Task WriteInAsync(Microsoft.Data.Sqlite.SqliteConnection connection,
        Microsoft.Data.Sqlite.SqliteTransaction transaction, StateWrite write, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var command = SqliteStatements.Get(connection, transaction, write.ExpectedETag is null
            ? "INSERT INTO state (key, etag, json, updated_at) VALUES ($key, $etag, $json, $now) ON CONFLICT (key) DO NOTHING"
            : "UPDATE state SET etag = $etag, json = $json, updated_at = $now WHERE key = $key AND etag = $expected");
        command.Parameters.AddWithValue("$key", write.Key);
        command.Parameters.AddWithValue("$etag", write.NewETag);
        command.Parameters.AddWithValue("$json", write.Json);
        command.Parameters.AddWithValue("$now", now.ToString("O"));
        command.Parameters.AddWithValue("$expected", (object?)write.ExpectedETag ?? DBNull.Value);
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ConcurrencyConflictException(write.Key);
        }
    }

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
