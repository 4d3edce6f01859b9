using System.Runtime.CompilerServices;
using Assistant.Core.Surveys;
using Assistant.Web.Admin.Stores;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// The staff desk's queries. Counts are GROUP BY queries answered from <c>ix_survey_responses_counts</c>; the stream is
/// one ordered join read row by row, so an export of any size holds one response in memory at a time.
/// </summary>
public sealed class SqliteStaffReportStore(SqliteDatabase database) : IStaffReportStore
{
    public async Task<IReadOnlyList<SurveyCountRow>> CountResponsesAsync(DateTimeOffset last7Days, DateTimeOffset last30Days,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT survey_id, channel, status, COUNT(*), SUM(started_at >= $d7), SUM(started_at >= $d30)
            FROM survey_responses GROUP BY survey_id, channel, status
            """;
        command.Parameters.AddWithValue("$d7", SqliteTime.ToText(last7Days));
        command.Parameters.AddWithValue("$d30", SqliteTime.ToText(last30Days));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyCountRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new SurveyCountRow(reader.GetString(0), reader.GetString(1), ParseStatus(reader.GetString(2)),
                reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
        }

        return result;
    }

    public async Task<int> CountAsync(ResponseQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM survey_responses r WHERE {Where(command, query)}";
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(ResponseQuery query, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT r.id, r.survey_id, r.survey_version, r.participant_key, r.channel, r.started_at, r.completed_at, r.status
            FROM survey_responses r WHERE {Where(command, query)}
            ORDER BY r.started_at DESC, r.id DESC LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(ReadResponse(reader));
        }

        return result;
    }

    public async IAsyncEnumerable<ResponseWithAnswers> StreamAsync(ResponseQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT r.id, r.survey_id, r.survey_version, r.participant_key, r.channel, r.started_at, r.completed_at, r.status,
                   a.question_id, a.value_json, a.answered_at
            FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id
            WHERE {Where(command, query)}
            ORDER BY r.started_at, r.id, a.answered_at, a.question_id
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        SurveyResponse? current = null;
        string? currentId = null;
        var answers = new List<SurveyAnswer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetString(0);
            if (current is null || currentId != id)
            {
                currentId = id;
                if (current is not null)
                {
                    yield return new ResponseWithAnswers(current, answers);
                    answers = [];
                }

                current = ReadResponse(reader);
            }

            if (!reader.IsDBNull(8))
            {
                answers.Add(new SurveyAnswer(current.Id, reader.GetString(8), reader.GetString(9), SqliteTime.Parse(reader.GetString(10))));
            }
        }

        if (current is not null)
        {
            yield return new ResponseWithAnswers(current, answers);
        }
    }

    public async Task<int> CountKnowledgeAnswersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // The knowledge responder marks each answer's channelData with the entry id; instr() avoids parsing every row.
        command.CommandText = "SELECT COUNT(*) FROM transcripts WHERE direction = 'out' AND instr(json, '\"knowledgeId\"') > 0";
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Where(SqliteCommand command, ResponseQuery query)
    {
        var clauses = new List<string> { "r.survey_id = $survey" };
        command.Parameters.AddWithValue("$survey", query.SurveyId);
        if (query.From is { } from)
        {
            clauses.Add("r.started_at >= $from");
            command.Parameters.AddWithValue("$from", SqliteTime.ToText(from));
        }

        if (query.Before is { } before)
        {
            clauses.Add("r.started_at < $before");
            command.Parameters.AddWithValue("$before", SqliteTime.ToText(before));
        }

        if (query.Channel is { } channel)
        {
            clauses.Add("r.channel = $channel");
            command.Parameters.AddWithValue("$channel", channel);
        }

        switch (query.Completion)
        {
            case CompletionFilter.Completed:
                clauses.Add("r.status = 'completed'");
                break;
            case CompletionFilter.NotCompleted:
                clauses.Add("r.status <> 'completed'");
                break;
        }

        return string.Join(" AND ", clauses);
    }

    private static SurveyResponse ReadResponse(SqliteDataReader reader) =>
        new(Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            SqliteTime.Parse(reader.GetString(5)),
            reader.IsDBNull(6) ? null : SqliteTime.Parse(reader.GetString(6)),
            ParseStatus(reader.GetString(7)));

    private static ResponseStatus ParseStatus(string text) => text switch
    {
        "in_progress" => ResponseStatus.InProgress,
        "completed" => ResponseStatus.Completed,
        "abandoned" => ResponseStatus.Abandoned,
        _ => throw new InvalidOperationException($"Unknown survey response status '{text}' in the database."),
    };
}
