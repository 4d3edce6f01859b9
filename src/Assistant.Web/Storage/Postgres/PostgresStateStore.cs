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
        var etag = Guid.NewGuid().ToString("N");
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(expectedETag is null
            ? "INSERT INTO state (key, etag, json, updated_at) VALUES (@key, @etag, @json, @now) ON CONFLICT (key) DO NOTHING"
            : "UPDATE state SET etag = @etag, json = @json, updated_at = @now WHERE key = @key AND etag = @expected", connection);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("etag", etag);
        command.Parameters.AddWithValue("json", json);
        command.Parameters.AddWithValue("now", clock.GetUtcNow().ToUniversalTime());
        if (expectedETag is not null)
        {
            command.Parameters.AddWithValue("expected", expectedETag);
        }

        var changed = await command.ExecuteNonQueryAsync(cancellationToken);
        return changed == 1 ? etag : throw new ConcurrencyConflictException(key);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM state WHERE key = @key", connection);
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
