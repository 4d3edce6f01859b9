using System.Globalization;
using Assistant.Web.Channels.DirectLine;
using Npgsql;
using NpgsqlTypes;

namespace Assistant.Web.Storage.Postgres;

/// <summary>
/// Direct Line conversations and their activity logs, shared by every instance. Each append locks its conversation's
/// row (<c>SELECT … FOR UPDATE</c>) for the length of its transaction and takes the next sequence numbers and
/// timestamps from it, so numbering is gap-free, strictly increasing and committed in order across instances: a stream
/// reading after its watermark never skips an activity that commits later with a smaller number. The transaction also
/// NOTIFYs <see cref="PostgresDatabase.ActivityChannel"/> (delivered on commit) so other instances wake their streams.
/// </summary>
public sealed class PostgresActivityLogStore(PostgresDatabase database, TimeProvider clock) : IActivityLogStore
{
    public async Task<bool> CreateConversationAsync(DirectLineConversation conversation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO dl_conversations (id, user_id, locale, created_at) VALUES (@id, @user, @locale, @created)
            ON CONFLICT (id) DO NOTHING
            """, connection);
        command.Parameters.AddWithValue("id", conversation.Id);
        command.Parameters.AddWithValue("user", conversation.UserId);
        command.Parameters.Add(new NpgsqlParameter("locale", NpgsqlDbType.Text) { Value = (object?)conversation.Locale ?? DBNull.Value });
        command.Parameters.AddWithValue("created", conversation.Created.ToUniversalTime());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<DirectLineConversation?> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT id, user_id, locale, created_at FROM dl_conversations WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DirectLineConversation(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            reader.GetFieldValue<DateTimeOffset>(3));
    }

    public async Task<AppendResult> AppendInboundAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var last = await LockConversationAsync(connection, transaction, conversationId, cancellationToken);
        // Under the conversation's lock, two posts with the same client id cannot both miss each other here.
        if (activity.ClientActivityId is { } clientId)
        {
            await using var find = new NpgsqlCommand(
                "SELECT seq, json FROM dl_activities WHERE conversation_id = @c AND client_activity_id = @k", connection, transaction);
            find.Parameters.AddWithValue("c", conversationId);
            find.Parameters.AddWithValue("k", clientId);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new AppendResult(new LoggedActivity(reader.GetInt64(0), ActivityJson.Deserialize(reader.GetString(1))), Duplicate: true);
            }
        }

        var logged = await InsertAsync(connection, transaction, conversationId, last, [activity], inbound: true, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new AppendResult(logged[0], Duplicate: false);
    }

    public async Task<IReadOnlyList<LoggedActivity>> CompleteTurnAsync(string conversationId, long inboundSequence,
        IReadOnlyList<Activity> replies, TurnCommit? commit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The conversation first, as every append does, so two instances never wait on each other's locks in a circle.
        var last = await LockConversationAsync(connection, transaction, conversationId, cancellationToken);
        bool erased;
        await using (var mark = new NpgsqlCommand($"""
            UPDATE dl_activities SET handled = true
            WHERE conversation_id = @c AND seq = @s AND NOT handled
            RETURNING {PostgresTombstones.IsErased}
            """, connection, transaction))
        {
            mark.Parameters.AddWithValue("c", conversationId);
            mark.Parameters.AddWithValue("s", inboundSequence);
            if (await mark.ExecuteScalarAsync(cancellationToken) is not bool wasErased)
            {
                // Handled already (by this instance before a restart, or by another one): its replies are stored once.
                return [];
            }

            erased = wasErased;
        }

        if (commit is not null)
        {
            // The turn's own writes, in the same transaction: a conflict throws and the transaction rolls back unmarked.
            var now = clock.GetUtcNow();
            foreach (var write in commit.States)
            {
                await PostgresStateStore.WriteInAsync(connection, transaction, write, now, cancellationToken);
            }

            await PostgresTranscriptStore.AppendInAsync(connection, transaction, commit.Transcript, cancellationToken);
        }

        // The turn erased what it answers (/forget): its reply is logged without the erased user's id.
        var logged = await InsertAsync(connection, transaction, conversationId, last,
            erased ? replies.Select(ErasedActivity.WithoutRecipient).ToList() : replies, inbound: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return logged;
    }

    public async Task<IReadOnlyList<LoggedActivity>> AppendOutboundAsync(string conversationId, IReadOnlyList<Activity> activities,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var last = await LockConversationAsync(connection, transaction, conversationId, cancellationToken);
        var logged = await InsertAsync(connection, transaction, conversationId, last, activities, inbound: false, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return logged;
    }

    public Task<IReadOnlyList<LoggedActivity>> ReadAfterAsync(string conversationId, long watermark, int max,
        CancellationToken cancellationToken) =>
        QueryAsync("SELECT seq, json FROM dl_activities WHERE conversation_id = @c AND seq > @w ORDER BY seq LIMIT @max",
            conversationId, watermark, max, cancellationToken);

    public async Task<long> WatermarkBeforeLastAsync(string conversationId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT seq FROM dl_activities WHERE conversation_id = @c ORDER BY seq DESC LIMIT 1 OFFSET @n", connection);
        command.Parameters.AddWithValue("c", conversationId);
        command.Parameters.AddWithValue("n", count);
        return await command.ExecuteScalarAsync(cancellationToken) is long sequence ? sequence : 0;
    }

    public Task<IReadOnlyList<LoggedActivity>> GetUnhandledAsync(string conversationId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT seq, json FROM dl_activities WHERE conversation_id = @c AND inbound AND NOT handled ORDER BY seq",
            conversationId, 0, 0, cancellationToken);

    public async Task<IReadOnlyList<string>> GetConversationsWithUnhandledAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT conversation_id FROM dl_activities WHERE inbound AND NOT handled", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    /// <summary>The payload of an activity notification: <c>conversationId:watermark</c>.</summary>
    public static string NotificationPayload(string conversationId, long watermark) =>
        conversationId + ":" + watermark.ToString(CultureInfo.InvariantCulture);

    /// <summary>The watermark a notification's payload carries; <see cref="long.MaxValue"/> when it carries none.</summary>
    public static long WatermarkOf(string payload)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 && long.TryParse(payload.AsSpan(colon + 1), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var watermark) ? watermark : long.MaxValue;
    }

    /// <summary>The conversation id of a notification payload (ids never contain ':', but the watermark is after the last one).</summary>
    public static string? ConversationOf(string payload)
    {
        var colon = payload.LastIndexOf(':');
        return colon > 0 ? payload[..colon] : null;
    }

    private async Task<IReadOnlyList<LoggedActivity>> QueryAsync(string sql, string conversationId, long watermark, int max,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("c", conversationId);
        if (sql.Contains("@w", StringComparison.Ordinal))
        {
            command.Parameters.AddWithValue("w", watermark);
            command.Parameters.AddWithValue("max", max);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<LoggedActivity>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LoggedActivity(reader.GetInt64(0), ActivityJson.Deserialize(reader.GetString(1))));
        }

        return result;
    }

    private static async Task<(long Sequence, long TimestampMs)> LockConversationAsync(NpgsqlConnection connection,
        NpgsqlTransaction transaction, string conversationId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT last_seq, last_timestamp_ms FROM dl_conversations WHERE id = @c FOR UPDATE", connection, transaction);
        command.Parameters.AddWithValue("c", conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.GetInt64(1))
            : throw new InvalidOperationException($"Conversation '{conversationId}' does not exist.");
    }

    /// <summary>Numbers, stamps and inserts the activities, moves the conversation's counters and notifies, in one round trip.</summary>
    private async Task<IReadOnlyList<LoggedActivity>> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        string conversationId, (long Sequence, long TimestampMs) last, IReadOnlyList<Activity> activities, bool inbound,
        CancellationToken cancellationToken)
    {
        if (activities.Count == 0)
        {
            return [];
        }

        var (sequence, lastTimestamp) = last;
        await using var batch = new NpgsqlBatch(connection, transaction);
        var result = new List<LoggedActivity>(activities.Count);
        foreach (var activity in activities)
        {
            // The log owns what it is given (see IActivityLogStore): stamped in place, not copied.
            var stamped = activity;
            sequence++;
            lastTimestamp = ActivityStamp.NextTimestampMs(lastTimestamp, clock.GetUtcNow());
            ActivityStamp.Apply(stamped, conversationId, sequence, lastTimestamp);
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO dl_activities (conversation_id, seq, timestamp_ms, inbound, client_activity_id, json)
                VALUES (@c, @s, @t, @inbound, @k, @json)
                """);
            insert.Parameters.AddWithValue("c", conversationId);
            insert.Parameters.AddWithValue("s", sequence);
            insert.Parameters.AddWithValue("t", lastTimestamp);
            insert.Parameters.AddWithValue("inbound", inbound);
            insert.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Text)
            {
                Value = inbound ? (object?)stamped.ClientActivityId ?? DBNull.Value : DBNull.Value,
            });
            insert.Parameters.AddWithValue("json", ActivityJson.Serialize(stamped));
            batch.BatchCommands.Add(insert);
            result.Add(new LoggedActivity(sequence, stamped));
        }

        var counters = new NpgsqlBatchCommand("UPDATE dl_conversations SET last_seq = @s, last_timestamp_ms = @t WHERE id = @c");
        counters.Parameters.AddWithValue("c", conversationId);
        counters.Parameters.AddWithValue("s", sequence);
        counters.Parameters.AddWithValue("t", lastTimestamp);
        batch.BatchCommands.Add(counters);

        var notify = new NpgsqlBatchCommand("SELECT pg_notify(@channel, @payload)");
        notify.Parameters.AddWithValue("channel", PostgresDatabase.ActivityChannel);
        notify.Parameters.AddWithValue("payload", NotificationPayload(conversationId, sequence));
        batch.BatchCommands.Add(notify);

        await batch.ExecuteNonQueryAsync(cancellationToken);
        return result;
    }
}
