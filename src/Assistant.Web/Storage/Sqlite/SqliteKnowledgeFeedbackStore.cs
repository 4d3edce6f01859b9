using System.Globalization;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteKnowledgeFeedbackStore(SqliteDatabase database) : IKnowledgeFeedbackStore
{
    public Task AddAsync(KnowledgeFeedback feedback, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO knowledge_feedback (id, entry_id, content_version, helpful, language, channel, given_at)
                VALUES ($id, $entry, $version, $helpful, $language, $channel, $at)
                """;
            command.Parameters.AddWithValue("$id", feedback.Id.ToString());
            command.Parameters.AddWithValue("$entry", feedback.EntryId);
            command.Parameters.AddWithValue("$version", feedback.ContentVersion);
            command.Parameters.AddWithValue("$helpful", feedback.Helpful ? 1 : 0);
            command.Parameters.AddWithValue("$language", feedback.Language);
            command.Parameters.AddWithValue("$channel", feedback.Channel);
            command.Parameters.AddWithValue("$at", feedback.At.ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<IReadOnlyList<KnowledgeFeedbackCount>> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT entry_id, content_version, SUM(helpful), SUM(1 - helpful) FROM knowledge_feedback
            GROUP BY entry_id, content_version ORDER BY entry_id, content_version
            """;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<KnowledgeFeedbackCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new KnowledgeFeedbackCount(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3)));
        }

        return result;
    }
}
