using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// State documents with eTags. A write is one conditional statement: under PostgreSQL's row locks a second writer
/// holding the same eTag waits for the first, then finds the eTag changed and gets a conflict.
/// </summary>
public sealed class PostgresStateStore(PostgresDatabase database, TimeProvider clock) : IStateStore
{
    public async Task<StateEntry?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT json, etag FROM state WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StateEntry(reader.GetString(0), reader.GetString(1)) : null;
    }

    public async Task<string> WriteAsync(string key, string json, string? expectedETag, CancellationToken cancellationToken)
    {
        var write = new StateWrite(key, json, expectedETag, Guid.NewGuid().ToString("N"));
        await using var connection = await database.OpenAsync(cancellationToken);
        await WriteInAsync(connection, null, write, clock.GetUtcNow(), cancellationToken);
        return write.NewETag;
    }

    /// <summary>
    /// Writes one document on the caller's connection and transaction (a turn's commit writes its documents with its
    /// other rows); throws <see cref="ConcurrencyConflictException"/> when the stored eTag is not the expected one.
    /// </summary>
    internal static async Task WriteInAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, StateWrite write,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(write.ExpectedETag is null
            ? "INSERT INTO state (key, etag, json, updated_at) VALUES (@key, @etag, @json, @now) ON CONFLICT (key) DO NOTHING"
            : "UPDATE state SET etag = @etag, json = @json, updated_at = @now WHERE key = @key AND etag = @expected", connection, transaction);
        command.Parameters.AddWithValue("key", write.Key);
        command.Parameters.AddWithValue("etag", write.NewETag);
        command.Parameters.AddWithValue("json", write.Json);
        command.Parameters.AddWithValue("now", now.ToUniversalTime());
        if (write.ExpectedETag is not null)
        {
            command.Parameters.AddWithValue("expected", write.ExpectedETag);
        }

        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new ConcurrencyConflictException(write.Key);
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM state WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
