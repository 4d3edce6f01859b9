using Assistant.Web.Admin.Stores;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

public sealed class PostgresAuditLogStore(PostgresDatabase database) : IAuditLogStore
{
    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "INSERT INTO audit_log (at, actor, action, subject, details) VALUES (@at, @actor, @action, @subject, @details)", connection);
        command.Parameters.AddWithValue("at", entry.At.ToUniversalTime());
        command.Parameters.AddWithValue("actor", entry.Actor);
        command.Parameters.AddWithValue("action", entry.Action);
        command.Parameters.AddWithValue("subject", PostgresText.Text(entry.Subject));
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Text) { Value = (object?)PostgresText.Text(entry.Details, nullable: true) ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int offset, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT at, actor, action, subject, details FROM audit_log ORDER BY id DESC LIMIT @max OFFSET @offset", connection);
        command.Parameters.AddWithValue("max", max);
        command.Parameters.AddWithValue("offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new AuditEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return result;
    }
}
