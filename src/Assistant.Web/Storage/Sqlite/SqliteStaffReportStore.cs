using System.Runtime.CompilerServices;
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
            result.Add(new SurveyCountRow(reader.GetString(0), reader.GetString(1), ResponseStatusNames.Parse(reader.GetString(2)),
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
            SELECT r.id, r.survey_id, r.survey_version, r.participant_key, r.channel, r.started_at, r.completed_at, r.status, r.campaign
            FROM survey_responses r WHERE {Where(command, query)}
            ORDER BY r.started_at DESC, r.id DESC LIMIT $limit OFFSET $offset
            """;
        command.Parameters.AddWithValue("$limit", limit);
        command.Parameters.AddWithValue("$offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(SqliteSurveyResponseStore.ReadResponse(reader));
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
                   a.question_id, a.value_json, a.answered_at, r.campaign
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

                current = SqliteSurveyResponseStore.ReadResponse(reader);
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

    private static string Where(SqliteCommand command, ResponseQuery query) =>
        ResponseQueryFilter.Where(query, '$', time => SqliteTime.ToText(time), (name, value) => command.Parameters.AddWithValue("$" + name, value));
}
