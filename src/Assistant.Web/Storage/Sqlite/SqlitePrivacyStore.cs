using System.Globalization;
using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Web.Channels.DirectLine;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>
/// Personal data across every SQLite table: export for /mydata, erase for /forget and the staff desk, purge for
/// retention. <see cref="EraseStatements"/> and <see cref="PurgeStatements"/> are the lists of every table and document
/// that holds what people wrote; a new one is added to both (and to the PostgreSQL and in-memory twins). After an erasure
/// or a purge that changed anything, the file is rewritten and the WAL emptied (<see cref="SqliteDatabase.ScrubAsync"/>):
/// neither the file nor the <c>-wal</c> then holds a copy of what went.
/// </summary>
public sealed class SqlitePrivacyStore(SqliteDatabase database, ISurveyResponseStore responses, ILogger? logger = null) : IPrivacyStore
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public Task LinkAsync(ParticipantLink link, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO participant_links (participant_key, channel, conversation_id, conversation_key, user_state_key, first_seen)
                VALUES ($key, $channel, $conversation, $conversationKey, $userStateKey, $firstSeen)
                ON CONFLICT (participant_key, conversation_key) DO NOTHING
                """;
            command.Parameters.AddWithValue("$key", link.ParticipantKey);
            command.Parameters.AddWithValue("$channel", link.Channel);
            command.Parameters.AddWithValue("$conversation", link.ConversationId);
            command.Parameters.AddWithValue("$conversationKey", link.ConversationKey);
            command.Parameters.AddWithValue("$userStateKey", (object?)link.UserStateKey ?? DBNull.Value);
            command.Parameters.AddWithValue("$firstSeen", link.FirstSeen.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<ParticipantData> ExportAsync(string participantKey, CancellationToken cancellationToken)
    {
        var links = await LinksAsync(participantKey, cancellationToken);
        var consents = await responses.GetConsentsAsync(participantKey, cancellationToken);
        var ids = new List<Guid>();
        var transcriptEntries = 0;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT id FROM survey_responses WHERE participant_key = $key ORDER BY started_at DESC";
            command.Parameters.AddWithValue("$key", participantKey);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(Guid.Parse(reader.GetString(0)));
                }
            }

            await using var count = connection.CreateCommand();
            count.CommandText = """
                SELECT COUNT(*) FROM transcripts WHERE conversation_key IN
                    (SELECT conversation_key FROM participant_links WHERE participant_key = $key)
                """;
            count.Parameters.AddWithValue("$key", participantKey);
            transcriptEntries = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        }

        var result = new List<ParticipantResponse>();
        foreach (var id in ids)
        {
            if (await responses.GetAsync(id, cancellationToken) is { } response)
            {
                result.Add(new ParticipantResponse(response, await responses.GetAnswersAsync(id, cancellationToken)));
            }
        }

        return new ParticipantData(participantKey, consents, result, links, transcriptEntries,
            await new SqliteSubscriptionStore(database).ListAsync(participantKey, cancellationToken));
    }

    public Task<int> EraseAsync(string participantKey, CancellationToken cancellationToken) =>
        RunThenScrubAsync(EraseStatements, p => p.AddWithValue("$key", participantKey), "erasure", cancellationToken);

    /// <summary>In order; the links go last because the others find the participant's conversations through them.</summary>
    private static readonly string[] EraseStatements =
    [
        "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses WHERE participant_key = $key)",
        "DELETE FROM survey_responses WHERE participant_key = $key",
        "DELETE FROM consents WHERE participant_key = $key",
        "DELETE FROM subscriptions WHERE participant_key = $key",
        "DELETE FROM announcement_recipients WHERE participant_key = $key",
        "DELETE FROM transcripts WHERE conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = $key)",
        "DELETE FROM unanswered_questions WHERE conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = $key)",
        "DELETE FROM team_questions WHERE participant_key = $key OR conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = $key)",
        $"""
        DELETE FROM state WHERE key IN (SELECT channel || '/conversations/' || conversation_id FROM participant_links WHERE participant_key = $key)
            OR key IN (SELECT user_state_key FROM participant_links WHERE participant_key = $key AND user_state_key IS NOT NULL)
            OR key IN (SELECT '{ChannelIds.TelegramChatPrefix}' || conversation_id FROM participant_links WHERE participant_key = $key AND channel = '{ChannelIds.Telegram}')
        """,
        // The conversation stays (its log's numbering does), but not whose it was.
        $"""
        UPDATE dl_conversations SET user_id = '{ErasedActivity.UserIdPrefix}' || lower(hex(randomblob(8)))
        WHERE id IN (SELECT conversation_id FROM participant_links WHERE participant_key = $key AND channel = '{ChannelIds.DirectLine}')
        """,
        // Direct Line logs keep their numbering (the clients' watermarks) but nothing of what was said.
        $"""
        UPDATE dl_activities SET client_activity_id = NULL,
            json = json_object('type', 'event', 'name', '{ErasedActivity.EventName}', 'id', json_extract(json, '$.id'),
                'timestamp', json_extract(json, '$.timestamp'), 'conversation', json_object('id', conversation_id))
        WHERE conversation_id IN (SELECT conversation_id FROM participant_links WHERE participant_key = $key AND channel = '{ChannelIds.DirectLine}')
        """,
        $"UPDATE processed_updates SET payload = '{{}}' WHERE conversation_id IN (SELECT conversation_id FROM participant_links WHERE participant_key = $key AND channel = '{ChannelIds.Telegram}')",
        "DELETE FROM participant_links WHERE participant_key = $key",
    ];

    public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        RunThenScrubAsync(PurgeStatements, p =>
        {
            p.AddWithValue("$cutoff", cutoff.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
            p.AddWithValue("$cutoffMs", cutoff.ToUnixTimeMilliseconds());
        }, "retention purge", cancellationToken);

    /// <summary>
    /// What retention purges. Transcript and question times are ISO 8601 strings, compared as instants by julianday().
    /// </summary>
    private static readonly string[] PurgeStatements =
    [
        "DELETE FROM transcripts WHERE julianday(timestamp) < julianday($cutoff)",
        "DELETE FROM unanswered_questions WHERE julianday(asked_at) < julianday($cutoff)",
        "DELETE FROM team_questions WHERE julianday(updated_at) < julianday($cutoff)",
        $"""
        UPDATE dl_activities SET client_activity_id = NULL,
            json = json_object('type', 'event', 'name', '{ErasedActivity.EventName}', 'id', json_extract(json, '$.id'),
                'timestamp', json_extract(json, '$.timestamp'), 'conversation', json_object('id', conversation_id))
        WHERE timestamp_ms < $cutoffMs AND json_extract(json, '$.name') IS NOT '{ErasedActivity.EventName}'
        """,
    ];

    /// <summary>
    /// Best effort, after the rows are committed gone: the erasure stands (no row holds the data) when the file cannot be
    /// rewritten or the WAL emptied, and that is logged; the copies then go with the next erasure, purge or restart
    /// that scrubs. Not cancellable: what it follows has committed.
    /// </summary>
    private async Task ScrubAsync(string after)
    {
        try
        {
            if (!await database.ScrubAsync(CancellationToken.None))
            {
                _logger.LogWarning("SQLite: the WAL could not be emptied after the {Operation} (readers kept it in use for {WaitMs} ms); " +
                    "earlier copies of the erased rows stay in the -wal file until a later checkpoint empties it", after, SqliteDatabase.CheckpointWaitMs);
            }
        }
        catch (Exception e) when (e is SqliteException or ObjectDisposedException)
        {
            _logger.LogWarning(e, "SQLite: the file could not be rewritten after the {Operation}; copies of the erased rows may stay in " +
                "the free space of the file and in the -wal file until the next scrub", after);
        }
    }

    private async Task<List<ParticipantLink>> LinksAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT participant_key, channel, conversation_id, conversation_key, user_state_key, first_seen
            FROM participant_links WHERE participant_key = $key ORDER BY first_seen
            """;
        command.Parameters.AddWithValue("$key", participantKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var links = new List<ParticipantLink>();
        while (await reader.ReadAsync(cancellationToken))
        {
            links.Add(new ParticipantLink(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }

        return links;
    }

    /// <summary>A survey past its retention date: everything it collected, anonymous answers included.</summary>
    private static readonly string[] SurveyPurgeStatements =
    [
        "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses WHERE survey_id = $survey)",
        "DELETE FROM survey_responses WHERE survey_id = $survey",
        "DELETE FROM consents WHERE survey_id = $survey",
    ];

    public Task<int> PurgeSurveyAsync(string surveyId, CancellationToken cancellationToken) =>
        RunThenScrubAsync(SurveyPurgeStatements, p => p.AddWithValue("$survey", surveyId), "survey retention", cancellationToken);

    /// <summary>Runs <paramref name="statements"/> in one transaction; when they removed anything, scrubs the file.</summary>
    private async Task<int> RunThenScrubAsync(string[] statements, Action<SqliteParameterCollection> bind, string after,
        CancellationToken cancellationToken)
    {
        var affected = await database.ExecuteInTransactionAsync(statements, bind, cancellationToken);
        if (affected > 0)
        {
            await ScrubAsync(after);
        }

        return affected;
    }
}
