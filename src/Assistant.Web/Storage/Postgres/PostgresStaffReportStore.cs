using System.Runtime.CompilerServices;
using Assistant.Web.Admin.Stores;
using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// The staff desk's queries. Counts are GROUP BY queries over <c>ix_survey_responses_counts</c>; the stream is one ordered
/// join read row by row (Npgsql streams the result), so an export of any size holds one response in memory at a time.
/// </summary>
public sealed class PostgresStaffReportStore(PostgresDatabase database) : IStaffReportStore
{
    private const string ResponseColumns =
        "r.id, r.survey_id, r.survey_version, r.participant_key, r.channel, r.started_at, r.completed_at, r.status, r.campaign";

    public async Task<IReadOnlyList<SurveyCountRow>> CountResponsesAsync(DateTimeOffset last7Days, DateTimeOffset last30Days,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT survey_id, channel, status, COUNT(*), COUNT(*) FILTER (WHERE started_at >= @d7), COUNT(*) FILTER (WHERE started_at >= @d30)
            FROM survey_responses GROUP BY survey_id, channel, status
            """, connection);
        command.Parameters.AddWithValue("d7", last7Days.ToUniversalTime());
        command.Parameters.AddWithValue("d30", last30Days.ToUniversalTime());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyCountRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new SurveyCountRow(reader.GetString(0), reader.GetString(1), ResponseStatusNames.Parse(reader.GetString(2)),
                (int)reader.GetInt64(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5)));
        }

        return result;
    }

    public async Task<int> CountAsync(ResponseQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"SELECT COUNT(*) FROM survey_responses r WHERE {Where(command, query)}";
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<IReadOnlyList<SurveyResponse>> ListAsync(ResponseQuery query, int offset, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"""
            SELECT {ResponseColumns} FROM survey_responses r WHERE {Where(command, query)}
            ORDER BY r.started_at DESC, r.id DESC LIMIT @limit OFFSET @offset
            """;
        command.Parameters.AddWithValue("limit", limit);
        command.Parameters.AddWithValue("offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(PostgresSurveyResponseStore.ReadResponse(reader));
        }

        return result;
    }

    public async IAsyncEnumerable<ResponseWithAnswers> StreamAsync(ResponseQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand { Connection = connection };
        command.CommandText = $"""
            SELECT {ResponseColumns}, a.question_id, a.value_json::text, a.answered_at
            FROM survey_responses r LEFT JOIN survey_answers a ON a.response_id = r.id
            WHERE {Where(command, query)}
            ORDER BY r.started_at, r.id, a.answered_at, a.question_id COLLATE "C"
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        SurveyResponse? current = null;
        var answers = new List<SurveyAnswer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (current is null || current.Id != id)
            {
                if (current is not null)
                {
                    yield return new ResponseWithAnswers(current, answers);
                    answers = [];
                }

                current = PostgresSurveyResponseStore.ReadResponse(reader);
            }

            if (!reader.IsDBNull(9))
            {
                answers.Add(new SurveyAnswer(current.Id, reader.GetString(9), reader.GetString(10), reader.GetFieldValue<DateTimeOffset>(11)));
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
        // The knowledge responder marks each answer's channelData with the entry id; strpos() avoids parsing every row.
        await using var command = new NpgsqlCommand(
            "SELECT COUNT(*) FROM transcripts WHERE direction = 'out' AND strpos(json, '\"knowledgeId\"') > 0", connection);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string Where(NpgsqlCommand command, ResponseQuery query) =>
        ResponseQueryFilter.Where(query, '@', time => time.ToUniversalTime(), (name, value) => command.Parameters.AddWithValue(name, value));
}
