using System.Globalization;
using Assistant.Web.Admin.Stores;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteStaffStore(SqliteDatabase database) : IStaffStore
{
    private const string Columns = "name, role, password_hash, security_stamp, created_at, last_sign_in_at";

    public async Task<StaffAccount?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM staff_accounts WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM staff_accounts ORDER BY name";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StaffAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public Task<bool> CreateAsync(StaffAccount account, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"""
                INSERT INTO staff_accounts ({Columns}) VALUES ($name, $role, $hash, $stamp, $created, $last)
                ON CONFLICT (name) DO NOTHING
                """;
            Bind(command, account);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task<bool> UpdateAsync(StaffAccount account, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE staff_accounts SET role = $role, password_hash = $hash, security_stamp = $stamp, last_sign_in_at = $last
                WHERE name = $name
                """;
            Bind(command, account);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public Task<bool> DeleteAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM staff_accounts WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    // One write (BEGIN IMMEDIATE): count and insert under the write lock, so concurrent attempts cannot both slip under the limit.
    public Task<long?> TryBeginLoginAttemptAsync(string name, string client, DateTimeOffset now, IReadOnlyList<LoginBudget> budgets,
        CancellationToken cancellationToken) =>
        database.WriteAsync<long?>(async (connection, transaction, token) =>
        {
            await using (var prune = connection.CreateCommand())
            {
                prune.Transaction = transaction;
                prune.CommandText = "DELETE FROM staff_login_attempts WHERE attempted_at_ms < $start";
                prune.Parameters.AddWithValue("$start", budgets.Min(b => b.Since).ToUnixTimeMilliseconds());
                await prune.ExecuteNonQueryAsync(token);
            }

            foreach (var budget in budgets)
            {
                await using var count = connection.CreateCommand();
                count.Transaction = transaction;
                count.CommandText = """
                    SELECT COUNT(*) FROM staff_login_attempts WHERE name = $name AND client = $client AND attempted_at_ms >= $start
                    """;
                count.Parameters.AddWithValue("$name", name);
                count.Parameters.AddWithValue("$client", client);
                count.Parameters.AddWithValue("$start", budget.Since.ToUnixTimeMilliseconds());
                if ((long)(await count.ExecuteScalarAsync(token))! >= budget.Limit)
                {
                    return null;
                }
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO staff_login_attempts (name, client, attempted_at_ms) VALUES ($name, $client, $at) RETURNING id";
            insert.Parameters.AddWithValue("$name", name);
            insert.Parameters.AddWithValue("$client", client);
            insert.Parameters.AddWithValue("$at", now.ToUnixTimeMilliseconds());
            return (long)(await insert.ExecuteScalarAsync(token))!;
        }, cancellationToken);

    public Task ForgetLoginAttemptAsync(long attemptId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM staff_login_attempts WHERE id = $id";
            command.Parameters.AddWithValue("$id", attemptId);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<int> CountLoginFailuresAsync(string name, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM staff_login_attempts WHERE name = $name AND attempted_at_ms >= $since";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task ClearLoginFailuresAsync(string name, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM staff_login_attempts WHERE name = $name";
            command.Parameters.AddWithValue("$name", name);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static void Bind(SqliteCommand command, StaffAccount account)
    {
        command.Parameters.AddWithValue("$name", account.Name);
        command.Parameters.AddWithValue("$role", account.Role);
        command.Parameters.AddWithValue("$hash", account.PasswordHash);
        command.Parameters.AddWithValue("$stamp", account.SecurityStamp);
        command.Parameters.AddWithValue("$created", SqliteTime.ToText(account.CreatedAt));
        command.Parameters.AddWithValue("$last", account.LastSignInAt is { } last ? SqliteTime.ToText(last) : DBNull.Value);
    }

    private static StaffAccount Read(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            SqliteTime.Parse(reader.GetString(4)), reader.IsDBNull(5) ? null : SqliteTime.Parse(reader.GetString(5)));
}

/// <summary>Times as UTC ISO 8601 round-trip strings (text order is time order), as the other SQLite stores write them.</summary>
internal static class SqliteTime
{
    public static string ToText(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>The round-trip format first (what every SQLite store writes; several times faster than a general parse).</summary>
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.TryParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact)
            ? exact
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
