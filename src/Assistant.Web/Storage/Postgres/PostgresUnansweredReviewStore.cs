using System.Text.Json;
using Assistant.Core.Knowledge;
using Assistant.Web.Admin.Stores;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

public sealed class PostgresUnansweredReviewStore(PostgresDatabase database) : IUnansweredReviewStore
{
    private const string Select = """
        SELECT q.id, q.text, q.language, q.channel, q.asked_at, q.candidates::text, q.conversation_key,
               r.outcome, r.entry_id, r.resolved_by, r.resolved_at, r.added_at
        FROM unanswered_questions q LEFT JOIN unanswered_resolutions r ON r.question_id = q.id
        """;

    public async Task ResolveAsync(UnansweredResolution resolution, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO unanswered_resolutions (question_id, outcome, entry_id, resolved_by, resolved_at, added_at)
            SELECT @id, @outcome, @entry, @by, @at, @added WHERE EXISTS (SELECT 1 FROM unanswered_questions WHERE id = @id)
            ON CONFLICT (question_id) DO UPDATE SET outcome = excluded.outcome, entry_id = excluded.entry_id,
                resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at, added_at = excluded.added_at
            """, connection);
        command.Parameters.AddWithValue("id", resolution.QuestionId);
        command.Parameters.AddWithValue("outcome", ToText(resolution.Outcome));
        command.Parameters.Add(new NpgsqlParameter("entry", NpgsqlDbType.Text) { Value = (object?)resolution.EntryId ?? DBNull.Value });
        command.Parameters.AddWithValue("by", resolution.ResolvedBy);
        command.Parameters.AddWithValue("at", resolution.ResolvedAt.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("added", NpgsqlDbType.TimestampTz)
        {
            Value = resolution.AddedAt is { } added ? added.ToUniversalTime() : DBNull.Value,
        });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"Unanswered question '{resolution.QuestionId}' does not exist.");
        }
    }

    public async Task<bool> ReopenAsync(Guid questionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM unanswered_resolutions WHERE question_id = @id", connection);
        command.Parameters.AddWithValue("id", questionId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public Task<IReadOnlyList<ReviewedQuestion>> ListAsync(UnansweredQueueFilter filter, int offset, int limit,
        CancellationToken cancellationToken)
    {
        var where = filter switch
        {
            UnansweredQueueFilter.Waiting => "WHERE r.question_id IS NULL",
            UnansweredQueueFilter.OutOfScope => "WHERE r.outcome = 'out_of_scope'",
            UnansweredQueueFilter.Assigned => "WHERE r.outcome = 'assigned'",
            _ => "",
        };
        return QueryAsync($"{Select} {where} ORDER BY q.asked_at DESC, q.id LIMIT @limit OFFSET @offset", command =>
        {
            command.Parameters.AddWithValue("limit", limit);
            command.Parameters.AddWithValue("offset", offset);
        }, cancellationToken);
    }

    public async Task<UnansweredCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE r.question_id IS NULL),
                   COUNT(*) FILTER (WHERE r.outcome = 'out_of_scope'),
                   COUNT(*) FILTER (WHERE r.outcome = 'assigned')
            FROM unanswered_questions q LEFT JOIN unanswered_resolutions r ON r.question_id = q.id
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new UnansweredCounts((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3));
    }

    public Task<IReadOnlyList<ReviewedQuestion>> ListSuggestionsAsync(CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE r.outcome = 'assigned' AND r.added_at IS NULL ORDER BY r.resolved_at, q.id", _ => { },
            cancellationToken);

    public async Task<int> MarkAddedAsync(IReadOnlyList<Guid> questionIds, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            UPDATE unanswered_resolutions SET added_at = @at
            WHERE question_id = ANY(@ids) AND outcome = 'assigned' AND added_at IS NULL
            """, connection);
        command.Parameters.AddWithValue("at", at.ToUniversalTime());
        command.Parameters.AddWithValue("ids", questionIds.Distinct().ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<ReviewedQuestion>> QueryAsync(string sql, Action<NpgsqlCommand> bind,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ReviewedQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            var question = new UnansweredQuestion(id, reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                JsonSerializer.Deserialize<List<UnansweredCandidate>>(reader.GetString(5)) ?? [],
                reader.IsDBNull(6) ? null : reader.GetString(6));
            var resolution = reader.IsDBNull(7)
                ? null
                : new UnansweredResolution(id, ParseOutcome(reader.GetString(7)), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetString(9), reader.GetFieldValue<DateTimeOffset>(10),
                    reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11));
            result.Add(new ReviewedQuestion(question, resolution));
        }

        return result;
    }

    private static string ToText(UnansweredOutcome outcome) => outcome switch
    {
        UnansweredOutcome.OutOfScope => "out_of_scope",
        UnansweredOutcome.Assigned => "assigned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    private static UnansweredOutcome ParseOutcome(string text) => text switch
    {
        "out_of_scope" => UnansweredOutcome.OutOfScope,
        "assigned" => UnansweredOutcome.Assigned,
        _ => throw new InvalidOperationException($"Unknown unanswered-question outcome '{text}' in the database."),
    };
}
