using Assistant.Core.Surveys.Invitations;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>Invitations in the SQLite file; an opening is checked and counted inside one write transaction.</summary>
public sealed class SqliteInvitationStore(SqliteDatabase database) : IInvitationStore
{
    private const string Columns = "id, survey_id, campaign, created_at, created_by, expires_at, max_uses, opened";

    public Task CreateAsync(Invitation invitation, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO invitations (id, survey_id, campaign, created_at, created_by, expires_at, max_uses, opened)
                VALUES ($id, $survey, $campaign, $created, $by, $expires, $max, 0)
                """;
            command.Parameters.AddWithValue("$id", invitation.Id);
            command.Parameters.AddWithValue("$survey", invitation.SurveyId);
            command.Parameters.AddWithValue("$campaign", invitation.Campaign);
            command.Parameters.AddWithValue("$created", SqliteTime.ToText(invitation.CreatedAt));
            command.Parameters.AddWithValue("$by", invitation.CreatedBy);
            command.Parameters.AddWithValue("$expires", invitation.ExpiresAt is { } expires ? SqliteTime.ToText(expires) : DBNull.Value);
            command.Parameters.AddWithValue("$max", (object?)invitation.MaxUses ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<Invitation?> GetAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadOneAsync(connection, null, id, cancellationToken);
    }

    public async Task<IReadOnlyList<Invitation>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM invitations ORDER BY created_at DESC, id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Invitation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    public Task<InvitationOpening> OpenAsync(string id, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            if (await ReadOneAsync(connection, transaction, id, token) is not { } invitation)
            {
                return new InvitationOpening(InvitationOutcome.Invalid, null);
            }

            var outcome = invitation.Check(now);
            if (outcome != InvitationOutcome.Opened)
            {
                return new InvitationOpening(outcome, null);
            }

            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE invitations SET opened = opened + 1 WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            await command.ExecuteNonQueryAsync(token);
            return new InvitationOpening(outcome, invitation with { Opened = invitation.Opened + 1 });
        }, cancellationToken);

    public async Task<IReadOnlyList<CampaignCount>> CountCampaignsAsync(string surveyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT campaign, SUM(opened), SUM(consented), SUM(completed), SUM(invited) FROM (
                SELECT campaign, opened, 0 AS consented, 0 AS completed, 1 AS invited FROM invitations WHERE survey_id = $survey
                UNION ALL
                SELECT campaign, 0, 1, status = 'completed', 0 FROM survey_responses
                WHERE survey_id = $survey AND campaign IS NOT NULL
            ) GROUP BY campaign ORDER BY campaign
            """;
        command.Parameters.AddWithValue("$survey", surveyId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<CampaignCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new CampaignCount(reader.GetString(0), reader.GetInt64(4) > 0 ? (int)reader.GetInt64(1) : null,
                (int)reader.GetInt64(2), (int)reader.GetInt64(3)));
        }

        return result;
    }

    private static async Task<Invitation?> ReadOneAsync(SqliteConnection connection, SqliteTransaction? transaction, string id,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT {Columns} FROM invitations WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static Invitation Read(SqliteDataReader reader) =>
        new(reader.GetString(0), reader.GetString(1), reader.GetString(2), SqliteTime.Parse(reader.GetString(3)), reader.GetString(4),
            reader.IsDBNull(5) ? null : SqliteTime.Parse(reader.GetString(5)),
            reader.IsDBNull(6) ? null : reader.GetInt32(6),
            reader.GetInt32(7));
}
