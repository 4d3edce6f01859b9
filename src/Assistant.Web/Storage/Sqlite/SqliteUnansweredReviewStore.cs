using System.Text.Json;
using Assistant.Core.Knowledge;
using Assistant.Web.Admin.Stores;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteUnansweredReviewStore(SqliteDatabase database) : IUnansweredReviewStore
{
    private const string Select = """
        SELECT q.id, q.text, q.language, q.channel, q.asked_at, q.candidates,
               r.outcome, r.entry_id, r.resolved_by, r.resolved_at, r.added_at
        FROM unanswered_questions q LEFT JOIN unanswered_resolutions r ON r.question_id = q.id
        """;

    public Task ResolveAsync(UnansweredResolution resolution, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO unanswered_resolutions (question_id, outcome, entry_id, resolved_by, resolved_at, added_at)
                SELECT $id, $outcome, $entry, $by, $at, $added WHERE EXISTS (SELECT 1 FROM unanswered_questions WHERE id = $id)
                ON CONFLICT (question_id) DO UPDATE SET outcome = excluded.outcome, entry_id = excluded.entry_id,
                    resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at, added_at = excluded.added_at
                """;
            command.Parameters.AddWithValue("$id", resolution.QuestionId.ToString());
            command.Parameters.AddWithValue("$outcome", ToText(resolution.Outcome));
            command.Parameters.AddWithValue("$entry", (object?)resolution.EntryId ?? DBNull.Value);
            command.Parameters.AddWithValue("$by", resolution.ResolvedBy);
            command.Parameters.AddWithValue("$at", SqliteTime.ToText(resolution.ResolvedAt));
            command.Parameters.AddWithValue("$added", resolution.AddedAt is { } added ? SqliteTime.ToText(added) : DBNull.Value);
            if (await command.ExecuteNonQueryAsync(token) != 1)
            {
                throw new InvalidOperationException($"Unanswered question '{resolution.QuestionId}' does not exist.");
            }
        }, cancellationToken);

    public Task<bool> ReopenAsync(Guid questionId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "DELETE FROM unanswered_resolutions WHERE question_id = $id";
            command.Parameters.AddWithValue("$id", questionId.ToString());
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public async Task<IReadOnlyList<ReviewedQuestion>> ListAsync(UnansweredQueueFilter filter, int offset, int limit,
        CancellationToken cancellationToken)
    {
        var where = filter switch
        {
            UnansweredQueueFilter.Waiting => "WHERE r.question_id IS NULL",
            UnansweredQueueFilter.OutOfScope => "WHERE r.outcome = 'out_of_scope'",
            UnansweredQueueFilter.Assigned => "WHERE r.outcome = 'assigned'",
            _ => "",
        };
        return await QueryAsync($"{Select} {where} ORDER BY q.asked_at DESC, q.id LIMIT $limit OFFSET $offset", command =>
        {
            command.Parameters.AddWithValue("$limit", limit);
            command.Parameters.AddWithValue("$offset", offset);
        }, cancellationToken);
    }

    public async Task<UnansweredCounts> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*),
                   COALESCE(SUM(r.question_id IS NULL), 0),
                   COALESCE(SUM(r.outcome = 'out_of_scope'), 0),
                   COALESCE(SUM(r.outcome = 'assigned'), 0)
            FROM unanswered_questions q LEFT JOIN unanswered_resolutions r ON r.question_id = q.id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new UnansweredCounts(reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));
    }

    public Task<IReadOnlyList<ReviewedQuestion>> ListSuggestionsAsync(CancellationToken cancellationToken) =>
        QueryAsync($"{Select} WHERE r.outcome = 'assigned' AND r.added_at IS NULL ORDER BY r.resolved_at, q.id", _ => { },
            cancellationToken);

    public Task<int> MarkAddedAsync(IReadOnlyList<Guid> questionIds, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            var marked = 0;
            foreach (var id in questionIds)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = """
                    UPDATE unanswered_resolutions SET added_at = $at
                    WHERE question_id = $id AND outcome = 'assigned' AND added_at IS NULL
                    """;
                command.Parameters.AddWithValue("$at", SqliteTime.ToText(at));
                command.Parameters.AddWithValue("$id", id.ToString());
                marked += await command.ExecuteNonQueryAsync(token);
            }

            return marked;
        }, cancellationToken);

    private async Task<IReadOnlyList<ReviewedQuestion>> QueryAsync(string sql, Action<SqliteCommand> bind,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ReviewedQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = Guid.Parse(reader.GetString(0));
            var question = new UnansweredQuestion(id, reader.GetString(1), reader.GetString(2), reader.GetString(3),
                SqliteTime.Parse(reader.GetString(4)),
                JsonSerializer.Deserialize<List<UnansweredCandidate>>(reader.GetString(5)) ?? []);
            var resolution = reader.IsDBNull(6)
                ? null
                : new UnansweredResolution(id, ParseOutcome(reader.GetString(6)), reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.GetString(8), SqliteTime.Parse(reader.GetString(9)),
                    reader.IsDBNull(10) ? null : SqliteTime.Parse(reader.GetString(10)));
            result.Add(new ReviewedQuestion(question, resolution));
        }

        return result;
    }

    internal static string ToText(UnansweredOutcome outcome) => outcome switch
    {
        UnansweredOutcome.OutOfScope => "out_of_scope",
        UnansweredOutcome.Assigned => "assigned",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    internal static UnansweredOutcome ParseOutcome(string text) => text switch
    {
        "out_of_scope" => UnansweredOutcome.OutOfScope,
        "assigned" => UnansweredOutcome.Assigned,
        _ => throw new InvalidOperationException($"Unknown unanswered-question outcome '{text}' in the database."),
    };
}
