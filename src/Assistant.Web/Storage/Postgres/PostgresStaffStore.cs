using Assistant.Web.Admin.Stores;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Staff accounts and sign-in attempts. An attempt is reserved under a transaction-scoped advisory lock on the account
/// name, so concurrent attempts on any instance are counted one after the other and cannot slip past the limit together.
/// </summary>
public sealed class PostgresStaffStore(PostgresDatabase database) : IStaffStore
{
    private const string Columns = "name, role, password_hash, security_stamp, created_at, last_sign_in_at";

    public async Task<StaffAccount?> FindAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM staff_accounts WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    public async Task<IReadOnlyList<StaffAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM staff_accounts ORDER BY name COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<StaffAccount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public async Task<bool> CreateAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO staff_accounts ({Columns}) VALUES (@name, @role, @hash, @stamp, @created, @last)
            ON CONFLICT (name) DO NOTHING
            """, connection);
        Bind(command, account);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdateAsync(StaffAccount account, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE staff_accounts SET role = @role, password_hash = @hash, security_stamp = @stamp, last_sign_in_at = @last
            WHERE name = @name
            """, connection);
        Bind(command, account);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM staff_accounts WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<long?> TryBeginLoginAttemptAsync(string name, string client, DateTimeOffset now, IReadOnlyList<LoginBudget> budgets,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var serialize = new NpgsqlCommand(
            "SELECT pg_advisory_xact_lock(hashtextextended('staff-login/' || @name || '/' || @client, 0))", connection, transaction))
        {
            serialize.Parameters.AddWithValue("name", name);
            serialize.Parameters.AddWithValue("client", client);
            await serialize.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var prune = new NpgsqlCommand("DELETE FROM staff_login_attempts WHERE attempted_at_ms < @start", connection, transaction))
        {
            prune.Parameters.AddWithValue("start", budgets.Min(b => b.Since).ToUnixTimeMilliseconds());
            await prune.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var budget in budgets)
        {
            await using var count = new NpgsqlCommand(
                "SELECT COUNT(*) FROM staff_login_attempts WHERE name = @name AND client = @client AND attempted_at_ms >= @start",
                connection, transaction);
            count.Parameters.AddWithValue("name", name);
            count.Parameters.AddWithValue("client", client);
            count.Parameters.AddWithValue("start", budget.Since.ToUnixTimeMilliseconds());
            if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= budget.Limit)
            {
                await transaction.CommitAsync(cancellationToken);
                return null;
            }
        }

        await using var insert = new NpgsqlCommand(
            "INSERT INTO staff_login_attempts (name, client, attempted_at_ms) VALUES (@name, @client, @at) RETURNING id", connection, transaction);
        insert.Parameters.AddWithValue("name", name);
        insert.Parameters.AddWithValue("client", client);
        insert.Parameters.AddWithValue("at", now.ToUnixTimeMilliseconds());
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    public async Task ForgetLoginAttemptAsync(long attemptId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM staff_login_attempts WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", attemptId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> CountLoginFailuresAsync(string name, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM staff_login_attempts WHERE name = @name AND attempted_at_ms >= @since", connection);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("since", since.ToUnixTimeMilliseconds());
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task ClearLoginFailuresAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM staff_login_attempts WHERE name = @name", connection);
        command.Parameters.AddWithValue("name", name);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Bind(NpgsqlCommand command, StaffAccount account)
    {
        command.Parameters.AddWithValue("name", account.Name);
        command.Parameters.AddWithValue("role", account.Role);
        command.Parameters.AddWithValue("hash", account.PasswordHash);
        command.Parameters.AddWithValue("stamp", account.SecurityStamp);
        command.Parameters.AddWithValue("created", account.CreatedAt.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("last", NpgsqlDbType.TimestampTz)
        {
            Value = account.LastSignInAt is { } last ? last.ToUniversalTime() : DBNull.Value,
        });
    }

    private static StaffAccount Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.GetFieldValue<DateTimeOffset>(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5));
}
