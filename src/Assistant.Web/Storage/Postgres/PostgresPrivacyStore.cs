using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Web.Channels.DirectLine;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Personal data across every PostgreSQL table: export for /mydata, erase for /forget and the staff desk, purge for
/// retention. <see cref="EraseStatements"/> and <see cref="PurgeStatements"/> are the lists of every table and document
/// that holds what people wrote; a new one is added to both (and to the SQLite and in-memory twins).
/// <para>
/// A DELETE or UPDATE leaves the old row version in the table as a dead row until a vacuum removes it. After an erasure
/// or a purge has committed, the tables it changed are vacuumed (<see cref="VacuumAsync"/>, best effort: on its own
/// connection, since VACUUM cannot run in a transaction, and logged when it fails); autovacuum also comes sooner on these
/// tables (migration 009). What a vacuum frees may stay as bytes in the table's free space until reused, and in the WAL
/// and backups: see the privacy section of the README.
/// </para>
/// </summary>
public sealed class PostgresPrivacyStore(PostgresDatabase database, ISurveyResponseStore responses, ILogger? logger = null) : IPrivacyStore
{
    /// <summary>How long a vacuum waits for its table's lock (another vacuum, a schema change) before it gives up.</summary>
    public const string VacuumLockTimeout = "5s";

    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    /// <summary>
    /// In order, each with the table it changes; the links go last because the others find the participant's
    /// conversations through them.
    /// </summary>
    private static readonly (string Table, string Sql)[] EraseStatements =
    [
        ("survey_answers", "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses WHERE participant_key = @key)"),
        ("survey_responses", "DELETE FROM survey_responses WHERE participant_key = @key"),
        ("consents", "DELETE FROM consents WHERE participant_key = @key"),
        ("subscriptions", "DELETE FROM subscriptions WHERE participant_key = @key"),
        ("announcement_recipients", "DELETE FROM announcement_recipients WHERE participant_key = @key"),
        ("transcripts", "DELETE FROM transcripts WHERE conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = @key)"),
        ("unanswered_questions", "DELETE FROM unanswered_questions WHERE conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = @key)"),
        ("team_questions", "DELETE FROM team_questions WHERE participant_key = @key OR conversation_key IN (SELECT conversation_key FROM participant_links WHERE participant_key = @key)"),
        ("state", $"""
        DELETE FROM state WHERE key IN (SELECT channel || '/conversations/' || conversation_id FROM participant_links WHERE participant_key = @key)
            OR key IN (SELECT user_state_key FROM participant_links WHERE participant_key = @key AND user_state_key IS NOT NULL)
            OR key IN (SELECT '{ChannelIds.TelegramChatPrefix}' || conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.Telegram}')
        """),
        // The conversation stays (its log's numbering does), but not whose it was. Its row before its log's, as every
        // append locks them, so an erasure and an append never wait for each other in a circle.
        ("dl_conversations", $"""
        UPDATE dl_conversations SET user_id = '{ErasedActivity.UserIdPrefix}' || left(replace(gen_random_uuid()::text, '-', ''), 16)
        WHERE id IN (SELECT conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.DirectLine}')
        """),
        // Direct Line logs keep their numbering (the clients' watermarks) but nothing of what was said.
        ("dl_activities", $"""
        UPDATE dl_activities SET {PostgresTombstones.Set}
        WHERE conversation_id IN (SELECT conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.DirectLine}')
        """),
        ("processed_updates", $"UPDATE processed_updates SET payload = '{{}}' WHERE conversation_id IN (SELECT conversation_id FROM participant_links WHERE participant_key = @key AND channel = '{ChannelIds.Telegram}')"),
        ("participant_links", "DELETE FROM participant_links WHERE participant_key = @key"),
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

        return new ParticipantData(participantKey, consents, result, links, transcriptEntries,
            await new PostgresSubscriptionStore(database).ListAsync(participantKey, cancellationToken));
    }

    public Task<int> EraseAsync(string participantKey, CancellationToken cancellationToken) =>
        RunThenVacuumAsync(EraseStatements, (command, _) => command.Parameters.AddWithValue("key", participantKey), "erasure",
            cancellationToken);

    /// <summary>What retention purges, in one transaction (all of it or none), each with the table it changes.</summary>
    private static readonly (string Table, string Sql)[] PurgeStatements =
    [
        ("transcripts", "DELETE FROM transcripts WHERE timestamp < @cutoff"),
        ("unanswered_questions", "DELETE FROM unanswered_questions WHERE asked_at < @cutoff"),
        ("team_questions", "DELETE FROM team_questions WHERE updated_at < @cutoff"),
        ("dl_activities", $"UPDATE dl_activities SET {PostgresTombstones.Set} WHERE timestamp_ms < @cutoffMs AND {PostgresTombstones.NotErased}"),
    ];

    public Task<int> PurgeOlderThanAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) =>
        RunThenVacuumAsync(PurgeStatements, (command, sql) =>
        {
            if (sql.Contains("@cutoffMs", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("cutoffMs", cutoff.ToUnixTimeMilliseconds());
            }
            else
            {
                command.Parameters.AddWithValue("cutoff", cutoff.ToUniversalTime());
            }
        }, "retention purge", cancellationToken);

    /// <summary>A survey past its retention date: everything it collected, anonymous answers included.</summary>
    private static readonly (string Table, string Sql)[] SurveyPurgeStatements =
    [
        ("survey_answers", "DELETE FROM survey_answers WHERE response_id IN (SELECT id FROM survey_responses WHERE survey_id = @survey)"),
        ("survey_responses", "DELETE FROM survey_responses WHERE survey_id = @survey"),
        ("consents", "DELETE FROM consents WHERE survey_id = @survey"),
    ];

    public Task<int> PurgeSurveyAsync(string surveyId, CancellationToken cancellationToken) =>
        RunThenVacuumAsync(SurveyPurgeStatements, (command, _) => command.Parameters.AddWithValue("survey", surveyId), "survey retention",
            cancellationToken);

    /// <summary>
    /// Runs <paramref name="statements"/> in one transaction (all or none), then vacuums the tables they changed; returns
    /// the rows affected. <paramref name="bind"/> gives each command its parameters.
    /// </summary>
    private async Task<int> RunThenVacuumAsync((string Table, string Sql)[] statements, Action<NpgsqlCommand, string> bind, string after,
        CancellationToken cancellationToken)
    {
        var affected = 0;
        var changed = new List<string>();
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var (table, sql) in statements)
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                bind(command, sql);
                var rows = await command.ExecuteNonQueryAsync(cancellationToken);
                affected += rows;
                if (rows > 0)
                {
                    changed.Add(table);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        await VacuumAsync(changed, after);
        return affected;
    }

    /// <summary>
    /// Vacuums each table, after the transaction that changed them has committed, on a connection of its own (VACUUM
    /// cannot run in a transaction block). Best effort: the data is already gone from every live row, so a failure (the
    /// lock not granted within <see cref="VacuumLockTimeout"/>, a lost connection) is logged and left to autovacuum; so
    /// is a table the database user may not vacuum (PostgreSQL only warns: the notice is logged). Not cancellable: the
    /// erasure it follows has committed.
    /// </summary>
    private async Task VacuumAsync(List<string> tables, string after)
    {
        if (tables.Count == 0)
        {
            return;
        }

        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            connection.Notice += (_, e) => _logger.LogWarning("PostgreSQL: vacuum after the {Operation}: {Notice}", after, e.Notice.MessageText);
            await ExecuteAsync(connection, $"SET lock_timeout = '{VacuumLockTimeout}'");
            try
            {
                foreach (var table in tables)
                {
                    try
                    {
                        await ExecuteAsync(connection, "VACUUM " + table);
                    }
                    catch (PostgresException e)
                    {
                        _logger.LogWarning(e, "PostgreSQL: {Table} could not be vacuumed after the {Operation}; its dead rows stay until autovacuum",
                            table, after);
                    }
                }
            }
            finally
            {
                await ExecuteAsync(connection, "RESET lock_timeout");
            }
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            _logger.LogWarning(e, "PostgreSQL: the vacuum after the {Operation} failed; the dead rows of {Tables} stay until autovacuum",
                after, string.Join(", ", tables));
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
