using Npgsql;

namespace Assistant.Web.Storage.Postgres;

public sealed class PostgresKnowledgeFeedbackStore(PostgresDatabase database) : IKnowledgeFeedbackStore
{
    public async Task AddAsync(KnowledgeFeedback feedback, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO knowledge_feedback (id, entry_id, content_version, helpful, language, channel, given_at)
            VALUES (@id, @entry, @version, @helpful, @language, @channel, @at)
            """, connection);
        command.Parameters.AddWithValue("id", feedback.Id);
        command.Parameters.AddWithValue("entry", feedback.EntryId);
        command.Parameters.AddWithValue("version", feedback.ContentVersion);
        command.Parameters.AddWithValue("helpful", feedback.Helpful);
        command.Parameters.AddWithValue("language", feedback.Language);
        command.Parameters.AddWithValue("channel", feedback.Channel);
        command.Parameters.AddWithValue("at", feedback.At.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeFeedbackCount>> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT entry_id, content_version, count(*) FILTER (WHERE helpful), count(*) FILTER (WHERE NOT helpful)
            FROM knowledge_feedback GROUP BY entry_id, content_version ORDER BY entry_id, content_version
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<KnowledgeFeedbackCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new KnowledgeFeedbackCount(reader.GetString(0), reader.GetString(1), (int)reader.GetInt64(2), (int)reader.GetInt64(3)));
        }

        return result;
    }
}
