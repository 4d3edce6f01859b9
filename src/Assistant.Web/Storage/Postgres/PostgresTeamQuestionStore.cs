using Assistant.Core.TeamQuestions;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>Questions to the team in <c>team_questions</c>; updates are guarded by the row's version.</summary>
public sealed class PostgresTeamQuestionStore(PostgresDatabase database) : ITeamQuestionStore
{
    private const string Columns = """
        id, reference, text, language, channel, conversation_key, participant_key, email, asked_at, status, assigned_to, reply,
        replied_by, replied_at, duplicate_of, delivery, delivery_at, follow_up, updated_at, version
        """;

    public async Task AddAsync(TeamQuestion question, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            INSERT INTO team_questions ({Columns})
            VALUES (@id, @reference, @text, @language, @channel, @conversation, @participant, @email, @asked, @status, @assigned,
                @reply, @repliedBy, @repliedAt, @duplicateOf, @delivery, @deliveryAt, @followUp, @updated, 1)
            """, connection);
        Bind(command.Parameters, question with { UpdatedAt = question.UpdatedAt ?? question.AskedAt });
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new InvalidOperationException($"A team question with the id or reference of {question.Reference} exists already.", e);
        }
    }

    public async Task<TeamQuestion?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        First(await QueryAsync("id = @id", p => p.AddWithValue("id", id), "", cancellationToken));

    public async Task<TeamQuestion?> FindByReferenceAsync(string reference, CancellationToken cancellationToken) =>
        First(await QueryAsync("reference = @reference", p => p.AddWithValue("reference", reference.Trim().ToUpperInvariant()), "",
            cancellationToken));

    public Task<IReadOnlyList<TeamQuestion>> ListAsync(IReadOnlyCollection<TeamQuestionStatus> statuses, int max,
        CancellationToken cancellationToken) =>
        QueryAsync("status = ANY(@statuses)", p =>
        {
            p.AddWithValue("statuses", statuses.Select(s => s.ToString()).ToArray());
            p.AddWithValue("max", max);
        }, "ORDER BY asked_at, id LIMIT @max", cancellationToken);

    public Task<IReadOnlyList<TeamQuestion>> ListForConversationsAsync(IReadOnlyCollection<string> conversationKeys,
        CancellationToken cancellationToken) =>
        QueryAsync("conversation_key = ANY(@keys)", p => p.AddWithValue("keys", conversationKeys.ToArray()),
            "ORDER BY asked_at DESC, id", cancellationToken);

    public Task<IReadOnlyList<TeamQuestion>> ListUndeliveredAsync(DateTimeOffset staleClaimsBefore, int max, CancellationToken cancellationToken) =>
        QueryAsync($"""
            status <> '{nameof(TeamQuestionStatus.Open)}' AND reply IS NOT NULL
            AND (delivery = '{nameof(TeamDelivery.Pending)}' OR delivery = '{nameof(TeamDelivery.Sending)}' AND delivery_at < @stale)
            """, p =>
        {
            p.AddWithValue("stale", staleClaimsBefore.ToUniversalTime());
            p.AddWithValue("max", max);
        }, "ORDER BY replied_at, id LIMIT @max", cancellationToken);

    public async Task<bool> UpdateAsync(TeamQuestion updated, int expectedVersion, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE team_questions SET reference = @reference, text = @text, language = @language, channel = @channel,
                conversation_key = @conversation, participant_key = @participant, email = @email, asked_at = @asked, status = @status,
                assigned_to = @assigned, reply = @reply, replied_by = @repliedBy, replied_at = @repliedAt, duplicate_of = @duplicateOf,
                delivery = @delivery, delivery_at = @deliveryAt, follow_up = @followUp, updated_at = @updated, version = version + 1
            WHERE id = @id AND version = @expected
            """, connection);
        Bind(command.Parameters, updated with { UpdatedAt = updated.UpdatedAt ?? updated.AskedAt });
        command.Parameters.AddWithValue("expected", expectedVersion);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static void Bind(NpgsqlParameterCollection p, TeamQuestion q)
    {
        p.AddWithValue("id", q.Id);
        p.AddWithValue("reference", q.Reference.ToUpperInvariant());
        p.AddWithValue("text", PostgresText.Text(q.Text));
        p.AddWithValue("language", q.Language);
        p.AddWithValue("channel", q.Channel);
        p.AddWithValue("conversation", q.ConversationKey);
        p.Add(Nullable("participant", NpgsqlDbType.Text, q.ParticipantKey));
        p.Add(Nullable("email", NpgsqlDbType.Text, PostgresText.Text(q.Email, nullable: true)));
        p.AddWithValue("asked", q.AskedAt.ToUniversalTime());
        p.AddWithValue("status", q.Status.ToString());
        p.Add(Nullable("assigned", NpgsqlDbType.Text, q.AssignedTo));
        p.Add(Nullable("reply", NpgsqlDbType.Text, PostgresText.Text(q.Reply, nullable: true)));
        p.Add(Nullable("repliedBy", NpgsqlDbType.Text, q.RepliedBy));
        p.Add(Nullable("repliedAt", NpgsqlDbType.TimestampTz, q.RepliedAt?.ToUniversalTime()));
        p.Add(Nullable("duplicateOf", NpgsqlDbType.Text, q.DuplicateOf));
        p.AddWithValue("delivery", q.Delivery.ToString());
        p.Add(Nullable("deliveryAt", NpgsqlDbType.TimestampTz, q.DeliveryAt?.ToUniversalTime()));
        p.AddWithValue("followUp", q.FollowUp.ToString());
        p.AddWithValue("updated", q.UpdatedAt!.Value.ToUniversalTime());
    }

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private async Task<IReadOnlyList<TeamQuestion>> QueryAsync(string where, Action<NpgsqlParameterCollection> bind, string tail,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM team_questions WHERE {where} {tail}", connection);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<TeamQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new TeamQuestion(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                String(reader, 6), String(reader, 7), reader.GetFieldValue<DateTimeOffset>(8), Enum.Parse<TeamQuestionStatus>(reader.GetString(9)),
                String(reader, 10), String(reader, 11), String(reader, 12), Time(reader, 13), String(reader, 14),
                Enum.Parse<TeamDelivery>(reader.GetString(15)), Time(reader, 16), Enum.Parse<TeamFollowUp>(reader.GetString(17)),
                reader.GetFieldValue<DateTimeOffset>(18), reader.GetInt32(19)));
        }

        return result;
    }

    private static string? String(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private static TeamQuestion? First(IReadOnlyList<TeamQuestion> found) => found.Count > 0 ? found[0] : null;
}
