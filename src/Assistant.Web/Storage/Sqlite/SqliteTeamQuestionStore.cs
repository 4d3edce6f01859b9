using System.Globalization;
using Assistant.Core.TeamQuestions;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>Questions to the team in <c>team_questions</c>; times as ISO 8601 UTC strings, compared with julianday().</summary>
public sealed class SqliteTeamQuestionStore(SqliteDatabase database) : ITeamQuestionStore
{
    private const string Columns = """
        id, reference, text, language, channel, conversation_key, participant_key, email, asked_at, status, assigned_to, reply,
        replied_by, replied_at, duplicate_of, delivery, delivery_at, follow_up, updated_at, version
        """;

    public async Task AddAsync(TeamQuestion question, CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync(async (connection, transaction, token) =>
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = $"""
                    INSERT INTO team_questions ({Columns})
                    VALUES ($id, $reference, $text, $language, $channel, $conversation, $participant, $email, $asked, $status, $assigned,
                        $reply, $repliedBy, $repliedAt, $duplicateOf, $delivery, $deliveryAt, $followUp, $updated, 1)
                    """;
                Bind(command.Parameters, question with { UpdatedAt = question.UpdatedAt ?? question.AskedAt });
                await command.ExecuteNonQueryAsync(token);
            }, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19)
        {
            throw new InvalidOperationException($"A team question with the id or reference of {question.Reference} exists already.", e);
        }
    }

    public async Task<TeamQuestion?> GetAsync(Guid id, CancellationToken cancellationToken) =>
        First(await QueryAsync("id = $id", p => p.AddWithValue("$id", id.ToString()), "", cancellationToken));

    public async Task<TeamQuestion?> FindByReferenceAsync(string reference, CancellationToken cancellationToken) =>
        First(await QueryAsync("reference = $reference", p => p.AddWithValue("$reference", reference.Trim().ToUpperInvariant()), "",
            cancellationToken));

    public Task<IReadOnlyList<TeamQuestion>> ListAsync(IReadOnlyCollection<TeamQuestionStatus> statuses, int max,
        CancellationToken cancellationToken) =>
        QueryAsync($"status IN ({string.Join(", ", statuses.Select((_, i) => "$s" + i.ToString(CultureInfo.InvariantCulture)))})", p =>
        {
            var i = 0;
            foreach (var status in statuses)
            {
                p.AddWithValue("$s" + (i++).ToString(CultureInfo.InvariantCulture), status.ToString());
            }

            p.AddWithValue("$max", max);
        }, "ORDER BY julianday(asked_at), id LIMIT $max", cancellationToken, statuses.Count == 0);

    public Task<IReadOnlyList<TeamQuestion>> ListForConversationsAsync(IReadOnlyCollection<string> conversationKeys,
        CancellationToken cancellationToken) =>
        QueryAsync($"conversation_key IN ({string.Join(", ", conversationKeys.Select((_, i) => "$c" + i.ToString(CultureInfo.InvariantCulture)))})", p =>
        {
            var i = 0;
            foreach (var key in conversationKeys)
            {
                p.AddWithValue("$c" + (i++).ToString(CultureInfo.InvariantCulture), key);
            }
        }, "ORDER BY julianday(asked_at) DESC, id", cancellationToken, conversationKeys.Count == 0);

    public Task<IReadOnlyList<TeamQuestion>> ListUndeliveredAsync(DateTimeOffset staleClaimsBefore, int max, CancellationToken cancellationToken) =>
        QueryAsync($"""
            status <> '{nameof(TeamQuestionStatus.Open)}' AND reply IS NOT NULL
            AND (delivery = '{nameof(TeamDelivery.Pending)}'
                OR delivery = '{nameof(TeamDelivery.Sending)}' AND julianday(delivery_at) < julianday($stale))
            """, p =>
        {
            p.AddWithValue("$stale", Time(staleClaimsBefore));
            p.AddWithValue("$max", max);
        }, "ORDER BY julianday(replied_at), id LIMIT $max", cancellationToken);

    public Task<bool> UpdateAsync(TeamQuestion updated, int expectedVersion, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                UPDATE team_questions SET reference = $reference, text = $text, language = $language, channel = $channel,
                    conversation_key = $conversation, participant_key = $participant, email = $email, asked_at = $asked, status = $status,
                    assigned_to = $assigned, reply = $reply, replied_by = $repliedBy, replied_at = $repliedAt, duplicate_of = $duplicateOf,
                    delivery = $delivery, delivery_at = $deliveryAt, follow_up = $followUp, updated_at = $updated, version = version + 1
                WHERE id = $id AND version = $expected
                """;
            Bind(command.Parameters, updated with { UpdatedAt = updated.UpdatedAt ?? updated.AskedAt });
            command.Parameters.AddWithValue("$expected", expectedVersion);
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    private static void Bind(SqliteParameterCollection p, TeamQuestion q)
    {
        p.AddWithValue("$id", q.Id.ToString());
        p.AddWithValue("$reference", q.Reference.ToUpperInvariant());
        p.AddWithValue("$text", q.Text);
        p.AddWithValue("$language", q.Language);
        p.AddWithValue("$channel", q.Channel);
        p.AddWithValue("$conversation", q.ConversationKey);
        p.AddWithValue("$participant", (object?)q.ParticipantKey ?? DBNull.Value);
        p.AddWithValue("$email", (object?)q.Email ?? DBNull.Value);
        p.AddWithValue("$asked", Time(q.AskedAt));
        p.AddWithValue("$status", q.Status.ToString());
        p.AddWithValue("$assigned", (object?)q.AssignedTo ?? DBNull.Value);
        p.AddWithValue("$reply", (object?)q.Reply ?? DBNull.Value);
        p.AddWithValue("$repliedBy", (object?)q.RepliedBy ?? DBNull.Value);
        p.AddWithValue("$repliedAt", q.RepliedAt is { } replied ? Time(replied) : DBNull.Value);
        p.AddWithValue("$duplicateOf", (object?)q.DuplicateOf ?? DBNull.Value);
        p.AddWithValue("$delivery", q.Delivery.ToString());
        p.AddWithValue("$deliveryAt", q.DeliveryAt is { } delivery ? Time(delivery) : DBNull.Value);
        p.AddWithValue("$followUp", q.FollowUp.ToString());
        p.AddWithValue("$updated", Time(q.UpdatedAt!.Value));
    }

    private async Task<IReadOnlyList<TeamQuestion>> QueryAsync(string where, Action<SqliteParameterCollection> bind, string tail,
        CancellationToken cancellationToken, bool nothing = false)
    {
        if (nothing)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM team_questions WHERE {where} {tail}";
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<TeamQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new TeamQuestion(
                Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), NullableString(reader, 6), NullableString(reader, 7), ParseTime(reader.GetString(8)),
                Enum.Parse<TeamQuestionStatus>(reader.GetString(9)), NullableString(reader, 10), NullableString(reader, 11),
                NullableString(reader, 12), reader.IsDBNull(13) ? null : ParseTime(reader.GetString(13)), NullableString(reader, 14),
                Enum.Parse<TeamDelivery>(reader.GetString(15)), reader.IsDBNull(16) ? null : ParseTime(reader.GetString(16)),
                Enum.Parse<TeamFollowUp>(reader.GetString(17)), ParseTime(reader.GetString(18)), reader.GetInt32(19)));
        }

        return result;
    }

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    private static TeamQuestion? First(IReadOnlyList<TeamQuestion> found) => found.Count > 0 ? found[0] : null;
}
