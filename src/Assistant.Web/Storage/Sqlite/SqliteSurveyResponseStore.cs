using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// Survey responses, answers and consents in the SQLite file. Every write goes through
/// <see cref="SqliteDatabase.WriteAsync{T}"/> (a BEGIN IMMEDIATE transaction, shared with concurrent writes under group
/// commit) and is committed before its task completes (durable with the database's synchronous mode, FULL by default).
/// Times are stored as UTC ISO 8601 round-trip strings, so text order is time order.
/// </summary>
public sealed class SqliteSurveyResponseStore(SqliteDatabase database) : ISurveyResponseStore
{
    private const string ResponseColumns =
        "id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status, campaign";

    /// <summary>
    /// A participant's responses to a survey, newest first. participant_key = $participant is never true for NULL:
    /// anonymous responses cannot be found this way. Answered from ix_survey_responses_participant alone (asked each time
    /// a participant starts a survey), whatever the number of the survey's other responses.
    /// </summary>
    internal const string FindByParticipantSql = $"""
        SELECT {ResponseColumns} FROM survey_responses
        WHERE survey_id = $survey AND participant_key = $participant
        ORDER BY started_at DESC, id DESC
        """;

    public async Task StartAsync(SurveyResponse response, CancellationToken cancellationToken)
    {
        var status = ResponseStatusNames.ToText(response.Status);
        await database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO survey_responses (id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status, campaign)
                VALUES ($id, $survey, $version, $participant, $channel, $started, $completed, $status, $campaign)
                ON CONFLICT (id) DO NOTHING
                """;
            command.Parameters.AddWithValue("$id", ToText(response.Id));
            command.Parameters.AddWithValue("$survey", response.SurveyId);
            command.Parameters.AddWithValue("$version", response.SurveyVersion);
            command.Parameters.AddWithValue("$participant", (object?)response.ParticipantKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$channel", response.Channel);
            command.Parameters.AddWithValue("$started", ToText(response.StartedAt));
            command.Parameters.AddWithValue("$completed", response.CompletedAt is { } completed ? ToText(completed) : DBNull.Value);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$campaign", (object?)response.Campaign ?? DBNull.Value);
            if (await command.ExecuteNonQueryAsync(token) != 1)
            {
                throw new InvalidOperationException($"Survey response '{response.Id}' already exists.");
            }
        }, cancellationToken);
    }

    public Task SaveAnswerAsync(SurveyAnswer answer, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // The WHERE makes an answer to an unknown response a clear error rather than a foreign-key failure.
            command.CommandText = """
                INSERT INTO survey_answers (response_id, question_id, value_json, answered_at)
                SELECT $response, $question, $value, $answered
                WHERE EXISTS (SELECT 1 FROM survey_responses WHERE id = $response)
                ON CONFLICT (response_id, question_id) DO UPDATE SET value_json = excluded.value_json, answered_at = excluded.answered_at
                """;
            command.Parameters.AddWithValue("$response", ToText(answer.ResponseId));
            command.Parameters.AddWithValue("$question", answer.QuestionId);
            command.Parameters.AddWithValue("$value", answer.ValueJson);
            command.Parameters.AddWithValue("$answered", ToText(answer.AnsweredAt));
            if (await command.ExecuteNonQueryAsync(token) != 1)
            {
                throw new InvalidOperationException($"Survey response '{answer.ResponseId}' does not exist.");
            }
        }, cancellationToken);

    public async Task FinishAsync(Guid responseId, ResponseStatus status, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (status is not (ResponseStatus.Completed or ResponseStatus.Abandoned))
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "A response finishes as completed or abandoned.");
        }

        await database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "UPDATE survey_responses SET status = $status, completed_at = $completed WHERE id = $id";
            command.Parameters.AddWithValue("$id", ToText(responseId));
            command.Parameters.AddWithValue("$status", ResponseStatusNames.ToText(status));
            command.Parameters.AddWithValue("$completed", status == ResponseStatus.Completed ? ToText(at) : DBNull.Value);
            if (await command.ExecuteNonQueryAsync(token) != 1)
            {
                throw new InvalidOperationException($"Survey response '{responseId}' does not exist.");
            }
        }, cancellationToken);
    }

    public async Task<SurveyResponse?> GetAsync(Guid responseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {ResponseColumns} FROM survey_responses WHERE id = $id";
        command.Parameters.AddWithValue("$id", ToText(responseId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadResponse(reader) : null;
    }

    public async Task<IReadOnlyList<SurveyResponse>> FindByParticipantAsync(string surveyId, string participantKey,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = FindByParticipantSql;
        command.Parameters.AddWithValue("$survey", surveyId);
        command.Parameters.AddWithValue("$participant", participantKey);
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
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT response_id, question_id, value_json, answered_at FROM survey_answers
            WHERE response_id = $response ORDER BY answered_at, question_id
            """;
        command.Parameters.AddWithValue("$response", ToText(responseId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<SurveyAnswer>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new SurveyAnswer(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                ParseTime(reader.GetString(3))));
        }

        return result;
    }

    public Task RecordConsentAsync(ConsentRecord consent, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO consents (participant_key, survey_id, consent_version, channel, consented_at)
                VALUES ($participant, $survey, $version, $channel, $at)
                """;
            command.Parameters.AddWithValue("$participant", consent.ParticipantKey);
            command.Parameters.AddWithValue("$survey", consent.SurveyId);
            command.Parameters.AddWithValue("$version", consent.ConsentVersion);
            command.Parameters.AddWithValue("$channel", consent.Channel);
            command.Parameters.AddWithValue("$at", ToText(consent.At));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<IReadOnlyList<ConsentRecord>> GetConsentsAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT participant_key, survey_id, consent_version, channel, consented_at FROM consents
            WHERE participant_key = $participant ORDER BY consented_at, id
            """;
        command.Parameters.AddWithValue("$participant", participantKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<ConsentRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new ConsentRecord(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                ParseTime(reader.GetString(4))));
        }

        return result;
    }

    /// <summary>Reads the columns <c>id, survey_id, survey_version, participant_key, channel, started_at, completed_at, status</c> (in this order) and <c>campaign</c> (by name).</summary>
    internal static SurveyResponse ReadResponse(SqliteDataReader reader) =>
        new(Guid.Parse(reader.GetString(0)),
            reader.GetString(1),
            reader.GetInt32(2),
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.GetString(4),
            ParseTime(reader.GetString(5)),
            reader.IsDBNull(6) ? null : ParseTime(reader.GetString(6)),
            ResponseStatusNames.Parse(reader.GetString(7)),
            reader.IsDBNull(reader.GetOrdinal("campaign")) ? null : reader.GetString(reader.GetOrdinal("campaign")));

    private static string ToText(Guid id) => id.ToString("D");

    private static string ToText(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

}
