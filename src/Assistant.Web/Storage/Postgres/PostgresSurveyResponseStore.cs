using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Survey responses, answers and consents. Every call is one statement committed before it returns. The primary key
/// (response_id, question_id) with <c>INSERT … ON CONFLICT DO UPDATE</c> keeps one answer per question per response
/// even when two instances save the same question at once. Answers are jsonb (queryable; re-spaced on the way out).
/// </summary>
public sealed class PostgresSurveyResponseStore(PostgresDatabase database) : ISurveyResponseStore
{
    private const string ResponseColumns =
        "id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status, campaign";

    public async Task StartAsync(SurveyResponse response, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO survey_responses (id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status, campaign)
            VALUES (@id, @survey, @version, @participant, @channel, @started, @completed, @status, @campaign)
            ON CONFLICT (id) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("id", response.Id);
        command.Parameters.AddWithValue("survey", response.SurveyId);
        command.Parameters.AddWithValue("version", response.SurveyVersion);
        command.Parameters.Add(new NpgsqlParameter("participant", NpgsqlDbType.Text) { Value = (object?)response.ParticipantKey ?? DBNull.Value });
        command.Parameters.AddWithValue("channel", response.Channel);
        command.Parameters.AddWithValue("started", response.StartedAt.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.TimestampTz)
        {
            Value = response.CompletedAt is { } completed ? completed.ToUniversalTime() : DBNull.Value,
        });
        command.Parameters.AddWithValue("status", ResponseStatusNames.ToText(response.Status));
        command.Parameters.Add(new NpgsqlParameter("campaign", NpgsqlDbType.Text) { Value = (object?)response.Campaign ?? DBNull.Value });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"Survey response '{response.Id}' already exists.");
        }
    }

    public async Task SaveAnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // The WHERE makes an answer to an unknown response a clear error rather than a foreign-key failure.
        await using var command = new NpgsqlCommand("""
            INSERT INTO survey_answers (response_id, question_id, value_json, answered_at)
            SELECT @response, @question, @value, @answered
            WHERE EXISTS (SELECT 1 FROM survey_responses WHERE id = @response)
            ON CONFLICT (response_id, question_id) DO UPDATE SET value_json = excluded.value_json, answered_at = excluded.answered_at
            """, connection);
        command.Parameters.AddWithValue("response", answer.ResponseId);
        command.Parameters.AddWithValue("question", answer.QuestionId);
        command.Parameters.Add(new NpgsqlParameter("value", NpgsqlDbType.Jsonb) { Value = PostgresText.Json(answer.ValueJson) });
        command.Parameters.AddWithValue("answered", answer.AnsweredAt.ToUniversalTime());
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"Survey response '{answer.ResponseId}' does not exist.");
        }
    }

    public async Task FinishAsync(Guid responseId, ResponseStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (status is not (ResponseStatus.Completed or ResponseStatus.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A response finishes as completed or abandoned.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE survey_responses SET status = @status, completed_at = @completed WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", responseId);
        command.Parameters.AddWithValue("status", ResponseStatusNames.ToText(status));
        command.Parameters.Add(new NpgsqlParameter("completed", NpgsqlDbType.TimestampTz)
        {
            Value = status == ResponseStatus.Completed ? at.ToUniversalTime() : DBNull.Value,
        });
        if (await command.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            throw new InvalidOperationException($"Survey response '{responseId}' does not exist.");
        }
    }

    public async Task<SurveyResponse?> GetAsync(Guid responseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {ResponseColumns} FROM survey_responses WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", responseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadResponse(reader) : null;
    }

    public async Task<IReadOnlyList<SurveyResponse>> FindByParticipantAsync(string surveyId, string participantKey,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // participant_key = @participant is never true for NULL: anonymous responses cannot be found this way.
        await using var command = new NpgsqlCommand($"""
            SELECT {ResponseColumns} FROM survey_responses
            WHERE survey_id = @survey AND participant_key = @participant
            ORDER BY started_at DESC, id DESC
            """, connection);
        command.Parameters.AddWithValue("survey", surveyId);
        command.Parameters.AddWithValue("participant", participantKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyResponse>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(ReadResponse(reader));
        }

        return result;
    }

    public async Task<IReadOnlyList<SurveyAnswer>> GetAnswersAsync(Guid responseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // COLLATE "C": question ids order by code point, as in SQLite and memory, whatever the database's locale.
        await using var command = new NpgsqlCommand("""
            SELECT response_id, question_id, value_json::text, answered_at FROM survey_answers
            WHERE response_id = @response ORDER BY answered_at, question_id COLLATE "C"
            """, connection);
        command.Parameters.AddWithValue("response", responseId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyAnswer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new SurveyAnswer(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return result;
    }

    public async Task RecordConsentAsync(ConsentRecord consent, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO consents (participant_key, survey_id, consent_version, channel, consented_at)
            VALUES (@participant, @survey, @version, @channel, @at)
            """, connection);
        command.Parameters.AddWithValue("participant", consent.ParticipantKey);
        command.Parameters.AddWithValue("survey", consent.SurveyId);
        command.Parameters.AddWithValue("version", consent.ConsentVersion);
        command.Parameters.AddWithValue("channel", consent.Channel);
        command.Parameters.AddWithValue("at", consent.At.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT participant_key, survey_id, consent_version, channel, consented_at FROM consents
            WHERE participant_key = @participant ORDER BY consented_at, id
            """, connection);
        command.Parameters.AddWithValue("participant", participantKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ConsentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ConsentRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return result;
    }

    /// <summary>Reads the columns <c>id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status</c> (in this order) and <c>campaign</c> (by name).</summary>
    internal static SurveyResponse ReadResponse(NpgsqlDataReader reader) =>
        new(reader.GetGuid(0),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(5),
            reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            ResponseStatusNames.Parse(reader.GetString(7)),
            reader.IsDBNull(reader.GetOrdinal("campaign")) ? null : reader.GetString(reader.GetOrdinal("campaign")));

}
