using Assistant.Core.Surveys.Invitations;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>Invitations in PostgreSQL; an opening locks the row, checks it and counts in one transaction.</summary>
public sealed class PostgresInvitationStore(PostgresDatabase database) : IInvitationStore
{
    private const string Columns = "id, survey_id, campaign, created_at, created_by, expires_at, max_uses, opened";

    public async Task CreateAsync(Invitation invitation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO invitations (id, survey_id, campaign, created_at, created_by, expires_at, max_uses, opened)
            VALUES (@id, @survey, @campaign, @created, @by, @expires, @max, 0)
            """, connection);
        command.Parameters.AddWithValue("id", invitation.Id);
        command.Parameters.AddWithValue("survey", invitation.SurveyId);
        command.Parameters.AddWithValue("campaign", invitation.Campaign);
        command.Parameters.AddWithValue("created", invitation.CreatedAt.ToUniversalTime());
        command.Parameters.AddWithValue("by", invitation.CreatedBy);
        command.Parameters.Add(new NpgsqlParameter("expires", NpgsqlDbType.TimestampTz)
        {
            Value = invitation.ExpiresAt is { } expires ? expires.ToUniversalTime() : DBNull.Value,
        });
        command.Parameters.Add(new NpgsqlParameter("max", NpgsqlDbType.Integer) { Value = (object?)invitation.MaxUses ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Invitation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, null, id, lockRow: false, cancellationToken);
    }

    public async Task<IReadOnlyList<Invitation>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM invitations ORDER BY created_at DESC, id", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Invitation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public async Task<InvitationOpening> OpenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ReadOneAsync(connection, transaction, id, lockRow: true, cancellationToken) is not { } invitation)
        {
            return new InvitationOpening(InvitationOutcome.Invalid, null);
        }

        var outcome = invitation.Check(now);
        if (outcome != InvitationOutcome.Opened)
        {
            return new InvitationOpening(outcome, null);
        }

        await using (var command = new NpgsqlCommand("UPDATE invitations SET opened = opened + 1 WHERE id = @id", connection, transaction))
        {
            command.Parameters.AddWithValue("id", id);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new InvitationOpening(outcome, invitation with { Opened = invitation.Opened + 1 });
    }

    public async Task<IReadOnlyList<CampaignCount>> CountCampaignsAsync(string surveyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT campaign, SUM(opened), SUM(consented), SUM(completed), SUM(invited) FROM (
                SELECT campaign, opened, 0 AS consented, 0 AS completed, 1 AS invited FROM invitations WHERE survey_id = @survey
                UNION ALL
                SELECT campaign, 0, 1, CASE WHEN status = 'completed' THEN 1 ELSE 0 END, 0 FROM survey_responses
                WHERE survey_id = @survey AND campaign IS NOT NULL
            ) c GROUP BY campaign ORDER BY campaign COLLATE "C"
            """, connection);
        command.Parameters.AddWithValue("survey", surveyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<CampaignCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new CampaignCount(reader.GetString(0), reader.GetInt64(4) > 0 ? (int)reader.GetInt64(1) : null,
                (int)reader.GetInt64(2), (int)reader.GetInt64(3)));
        }

        return result;
    }

    private static async Task<Invitation?> ReadOneAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string id,
        bool lockRow, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM invitations WHERE id = @id" + (lockRow ? " FOR UPDATE" : ""), connection, transaction);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Invitation Read(NpgsqlDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetInt32(6),
            reader.GetInt32(7));
}
