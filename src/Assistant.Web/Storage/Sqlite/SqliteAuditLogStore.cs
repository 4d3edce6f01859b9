using Assistant.Web.Admin.Stores;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteAuditLogStore(SqliteDatabase database) : IAuditLogStore
{
    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO audit_log (at, actor, action, subject, details) VALUES ($at, $actor, $action, $subject, $details)";
            command.Parameters.AddWithValue("$at", SqliteTime.ToText(entry.At));
            command.Parameters.AddWithValue("$actor", entry.Actor);
            command.Parameters.AddWithValue("$action", entry.Action);
            command.Parameters.AddWithValue("$subject", entry.Subject);
            command.Parameters.AddWithValue("$details", (object?)entry.Details ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int offset, int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT at, actor, action, subject, details FROM audit_log ORDER BY id DESC LIMIT $max OFFSET $offset";
        command.Parameters.AddWithValue("$max", max);
        command.Parameters.AddWithValue("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new AuditEntry(SqliteTime.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return result;
    }
}
