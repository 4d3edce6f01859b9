using System.Text.Json;
using Assistant.Core.Knowledge;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

public sealed class PostgresUnansweredStore(PostgresDatabase database) : IUnansweredStore
{
    public async Task AddAsync(UnansweredQuestion question, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO unanswered_questions (id, text, language, channel, asked_at, candidates, conversation_key)
            VALUES (@id, @text, @language, @channel, @asked, @candidates, @conversation)
            """, connection);
        command.Parameters.AddWithValue("id", question.Id);
        command.Parameters.AddWithValue("text", PostgresText.Text(question.Text));
        command.Parameters.AddWithValue("language", question.Language);
        command.Parameters.AddWithValue("channel", question.Channel);
        command.Parameters.AddWithValue("asked", question.AskedAt.ToUniversalTime());
        command.Parameters.Add(new NpgsqlParameter("candidates", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(question.Candidates),
        });
        command.Parameters.Add(new NpgsqlParameter("conversation", NpgsqlDbType.Text) { Value = (object?)question.ConversationKey ?? DBNull.Value });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<UnansweredQuestion>> ListAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT id, text, language, channel, asked_at, candidates, conversation_key FROM unanswered_questions
            ORDER BY asked_at DESC LIMIT @max
            """, connection);
        command.Parameters.AddWithValue("max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<UnansweredQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new UnansweredQuestion(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                JsonSerializer.Deserialize<List<UnansweredCandidate>>(reader.GetString(5)) ?? [],
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return result;
    }
}
