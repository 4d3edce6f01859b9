using System.Globalization;
using System.Text.Json;
using Assistant.Core.Knowledge;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteUnansweredStore(SqliteDatabase database) : IUnansweredStore
{
    public Task AddAsync(UnansweredQuestion question, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO unanswered_questions (id, text, language, channel, asked_at, candidates, conversation_key)
                VALUES ($id, $text, $language, $channel, $asked, $candidates, $conversation)
                """;
            command.Parameters.AddWithValue("$id", question.Id.ToString());
            command.Parameters.AddWithValue("$text", question.Text);
            command.Parameters.AddWithValue("$language", question.Language);
            command.Parameters.AddWithValue("$channel", question.Channel);
            command.Parameters.AddWithValue("$asked", question.AskedAt.ToString("O", CultureInfo.InvariantCulture));
            command.Parameters.AddWithValue("$candidates", JsonSerializer.Serialize(question.Candidates));
            command.Parameters.AddWithValue("$conversation", (object?)question.ConversationKey ?? DBNull.Value);
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<IReadOnlyList<UnansweredQuestion>> ListAsync(int max, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, text, language, channel, asked_at, candidates, conversation_key FROM unanswered_questions
            ORDER BY asked_at DESC LIMIT $max
            """;
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<UnansweredQuestion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new UnansweredQuestion(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                reader.GetString(3), DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture),
                JsonSerializer.Deserialize<List<UnansweredCandidate>>(reader.GetString(5)) ?? [],
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return result;
    }
}
