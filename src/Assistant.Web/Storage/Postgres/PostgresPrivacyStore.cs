using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Personal data across every PostgreSQL table: export for /mydata, erase for /forget and the staff desk, purge for
/// retention. <see cref="EraseStatements"/> and <see cref="PurgeStatements"/> are the lists of every table and document
/// that holds what people wrote; a new one is added to both (and to the SQLite and in-memory twins).
/// </summary>
public sealed class PostgresPrivacyStore(PostgresDatabase database, ISurveyResponseStore responses) : IPrivacyStore
{
    /// <summary>In order; the links go last because the others find the participant's conversations through them.</summary>
    private static readonly string[] EraseStatements =
    [
        "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses WHERE participant_key = @key)",
        "DELETE FROM survey_responses WHERE participant_key = @key",
        "DELETE FROM consents WHERE participant_key = @key",
        "DELETE FROM transcripts WHERE conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = @key)",
        "DELETE FROM unanswered_questions WHERE conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = @key)",
        $"""
        DELETE FROM state WHERE key IN (SELECT channel || '/conversations/' || conversation_id FROM participant_links WHERE participant_key = @key)
            OR key IN (SELECT user_state_key FROM participant_links WHERE participant_key = @key AND user_state_key IS NOT NULL)
            OR key IN (SELECT '{ChannelIds.TelegramChatPrefix}' || conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.Telegram}')
        """,
        // Direct Line logs keep their numbering (the clients' watermarks) but nothing of what was said.
        $"""
        UPDATE dl_activities SET {PostgresTombstones.Set}
        WHERE conversation_id IN (SELECT conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.DirectLine}')
        """,
        $"UPDATE processed_updates SET payload = '{{}}' WHERE conversation_id IN (SELECT conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.Telegram}')",
        "DELETE FROM participant_links WHERE participant_key = @key",
    ];

    public async Task LinkAsync(ParticipantLink link, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO participant_links (participant_key, channel, conversation_id, conversation_key, user_state_key, first_seen)
            VALUES (@key, @channel, @conversation, @conversationKey, @userStateKey, @firstSeen)
            ON CONFLICT (participant_key, conversation_key) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("key", link.ParticipantKey);
        command.Parameters.AddWithValue("channel", link.Channel);
        command.Parameters.AddWithValue("conversation", link.ConversationId);
        command.Parameters.AddWithValue("conversationKey", link.ConversationKey);
        command.Parameters.Add(new NpgsqlParameter("userStateKey", NpgsqlDbType.Text) { Value = (object?)link.UserStateKey ?? DBNull.Value });
        command.Parameters.AddWithValue("firstSeen", link.FirstSeen.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ParticipantData> ExportAsync(string participantKey, CancellationToken cancellationToken)
    {
        var links = new List<ParticipantLink>();
        var ids = new List<Guid>();
        int transcriptEntries;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using (var command = new NpgsqlCommand("""
                SELECT participant_key, channel, conversation_id, conversation_key, user_state_key, first_seen
                FROM participant_links WHERE participant_key = @key ORDER BY first_seen
                """, connection))
            {
                command.Parameters.AddWithValue("key", participantKey);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    links.Add(new ParticipantLink(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
                }
            }

            await using (var command = new NpgsqlCommand(
                "SELECT id FROM survey_responses WHERE participant_key = @key ORDER BY started_at DESC", connection))
            {
                command.Parameters.AddWithValue("key", participantKey);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetGuid(0));
                }
            }

            await using var count = new NpgsqlCommand("""
                SELECT COUNT(*) FROM transcripts WHERE conversation_key IN
                    (SELECT conversation_key FROM participant_links WHERE participant_key = @key)
                """, connection);
            count.Parameters.AddWithValue("key", participantKey);
            transcriptEntries = (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
        }

        var consents = await responses.GetConsentsAsync(participantKey, cancellationToken);
        var result = new List<ParticipantResponse>();
        foreach (var id in ids)
        {
            if (await responses.GetAsync(id, cancellationToken) is { } response)
            {
                result.Add(new ParticipantResponse(response, await responses.GetAnswersAsync(id, cancellationToken)));
            }
        }

        return new ParticipantData(participantKey, consents, result, links, transcriptEntries);
    }

    public async Task<int> EraseAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var removed = 0;
        foreach (var sql in EraseStatements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("key", participantKey);
            removed += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return removed;
    }

    /// <summary>What retention purges, in one transaction (all of it or none).</summary>
    private static readonly string[] PurgeStatements =
    [
        "DELETE FROM transcripts WHERE timestamp < @cutoff",
        "DELETE FROM unanswered_questions WHERE asked_at < @cutoff",
        $"UPDATE dl_activities SET {PostgresTombstones.Set} WHERE timestamp_ms < @cutoffMs AND {PostgresTombstones.NotErased}",
    ];

    public async Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var purged = 0;
        foreach (var sql in PurgeStatements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            if (sql.Contains("@cutoffMs", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("cutoffMs", cutoff.ToUnixTimeMilliseconds());
            }
            else
            {
                command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
            }

            purged += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return purged;
    }

    /// <summary>A survey past its retention date: everything it collected, anonymous answers included.</summary>
    private static readonly string[] SurveyPurgeStatements =
    [
        "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses WHERE survey_id = @survey)",
        "DELETE FROM survey_responses WHERE survey_id = @survey",
        "DELETE FROM consents WHERE survey_id = @survey",
    ];

    public async Task<int> PurgeSurveyAsync(string surveyId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var purged = 0;
        foreach (var sql in SurveyPurgeStatements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("survey", surveyId);
            purged += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return purged;
    }
}
