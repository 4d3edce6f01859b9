using Assistant.Core.Storage;
using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>Purges conversation texts past their retention, in one transaction (all of it or none).</summary>
public sealed class PostgresRetentionStore(PostgresDatabase database) : IRetentionStore
{
    private static readonly string[] Statements =
    [
        "DELETE FROM transcripts WHERE timestamp < @cutoff",
        "DELETE FROM unanswered_questions WHERE asked_at < @cutoff",
        $"UPDATE dl_activities SET {PostgresTombstones.Set} WHERE timestamp_ms < @cutoffMs AND {PostgresTombstones.NotErased}",
    ];

    public async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var purged = 0;
        foreach (var sql in Statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            if (sql.Contains("@cutoffMs", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("cutoffMs", cutoff.ToUnixTimeMilliseconds());
            }
            else
            {
                command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
            }

            purged += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return purged;
    }
}
