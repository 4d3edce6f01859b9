using Assistant.Web.Channels.DirectLine;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

public sealed class SqliteActivityLogStore(SqliteDatabase database, TimeProvider clock) : IActivityLogStore
{
    public Task<bool> CreateConversationAsync(DirectLineConversation conversation, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO dl_conversations (id, user_id, locale, created_at) VALUES ($id, $user, $locale, $created)
                ON CONFLICT (id) DO NOTHING
                """;
            command.Parameters.AddWithValue("$id", conversation.Id);
            command.Parameters.AddWithValue("$user", conversation.UserId);
            command.Parameters.AddWithValue("$locale", (object?)conversation.Locale ?? DBNull.Value);
            command.Parameters.AddWithValue("$created", conversation.Created.ToString("O"));
            return await command.ExecuteNonQueryAsync(token) == 1;
        }, cancellationToken);

    public async Task<DirectLineConversation?> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, user_id, locale, created_at FROM dl_conversations WHERE id = $id";
        command.Parameters.AddWithValue("$id", conversationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new DirectLineConversation(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
            DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<AppendResult> AppendInboundAsync(string conversationId, Activity activity, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            if (activity.ClientActivityId is { } clientId)
            {
                await using var find = connection.CreateCommand();
                find.Transaction = transaction;
                find.CommandText = "SELECT seq, json FROM dl_activities WHERE conversation_id = $c AND client_activity_id = $k";
                find.Parameters.AddWithValue("$c", conversationId);
                find.Parameters.AddWithValue("$k", clientId);
                await using var reader = await find.ExecuteReaderAsync(token);
                if (await reader.ReadAsync(token))
                {
                    return new AppendResult(new LoggedActivity(reader.GetInt64(0), ActivityJson.Deserialize(reader.GetString(1))), Duplicate: true);
                }
            }

            var logged = await InsertAsync(connection, transaction, conversationId, [activity], inbound: true, token);
            return new AppendResult(logged[0], Duplicate: false);
        }, cancellationToken);

    private const string MarkHandledSql = $"""
        UPDATE dl_activities SET handled = 1 WHERE conversation_id = $c AND seq = $s AND handled = 0
        RETURNING json_extract(json, '$.name') IS '{ErasedActivity.EventName}'
        """;

    public Task<IReadOnlyList<LoggedActivity>> CompleteTurnAsync(string conversationId, long inboundSequence,
        IReadOnlyList<Activity> replies, TurnCommit? commit, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            bool erased;
            {
                var mark = SqliteStatements.Get(connection, transaction, MarkHandledSql);
                mark.Parameters.AddWithValue("$c", conversationId);
                mark.Parameters.AddWithValue("$s", inboundSequence);
                if (await mark.ExecuteScalarAsync(token) is not long wasErased)
                {
                    return [];
                }

                erased = wasErased != 0;
            }

            if (commit is not null)
            {
                // The turn's own writes, in the same transaction: a conflict undoes the mark above with them.
                var now = clock.GetUtcNow();
                foreach (var write in commit.States)
                {
                    await SqliteStateStore.WriteInAsync(connection, transaction, write, now, token);
                }

                await SqliteTranscriptStore.AppendInAsync(connection, transaction, commit.Transcript, token);
            }

            // The turn erased what it answers (/forget): its reply is logged without the erased user's id.
            return await InsertAsync(connection, transaction, conversationId,
                erased ? replies.Select(ErasedActivity.WithoutRecipient).ToList() : replies, inbound: false, token);
        }, cancellationToken);

    public Task<IReadOnlyList<LoggedActivity>> AppendOutboundAsync(string conversationId, IReadOnlyList<Activity> activities,
        CancellationToken cancellationToken) =>
        database.WriteAsync((connection, transaction, token) =>
            InsertAsync(connection, transaction, conversationId, activities, inbound: false, token), cancellationToken);

    public Task<IReadOnlyList<LoggedActivity>> ReadAfterAsync(string conversationId, long watermark, int max,
        CancellationToken cancellationToken) =>
        QueryAsync("SELECT seq, json FROM dl_activities WHERE conversation_id = $c AND seq > $w ORDER BY seq LIMIT $max",
            conversationId, watermark, max, cancellationToken);

    public async Task<long> WatermarkBeforeLastAsync(string conversationId, int count, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq FROM dl_activities WHERE conversation_id = $c ORDER BY seq DESC LIMIT 1 OFFSET $n";
        command.Parameters.AddWithValue("$c", conversationId);
        command.Parameters.AddWithValue("$n", count);
        return await command.ExecuteScalarAsync(cancellationToken) is long sequence ? sequence : 0;
    }

    public Task<IReadOnlyList<LoggedActivity>> GetUnhandledAsync(string conversationId, CancellationToken cancellationToken) =>
        QueryAsync("SELECT seq, json FROM dl_activities WHERE conversation_id = $c AND inbound = 1 AND handled = 0 ORDER BY seq",
            conversationId, 0, 0, cancellationToken);

    public async Task<IReadOnlyList<string>> GetConversationsWithUnhandledAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT conversation_id FROM dl_activities WHERE inbound = 1 AND handled = 0";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(reader.GetString(0));
        }

        return result;
    }

    private async Task<IReadOnlyList<LoggedActivity>> QueryAsync(string sql, string conversationId, long watermark, int max,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$c", conversationId);
        command.Parameters.AddWithValue("$w", watermark);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<LoggedActivity>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new LoggedActivity(reader.GetInt64(0), ActivityJson.Deserialize(reader.GetString(1))));
        }

        return result;
    }

    private async Task<IReadOnlyList<LoggedActivity>> InsertAsync(SqliteConnection connection, SqliteTransaction transaction,
        string conversationId, IReadOnlyList<Activity> activities, bool inbound, CancellationToken cancellationToken)
    {
        long sequence = 0, lastTimestamp = 0;
        {
            var last = SqliteStatements.Get(connection, transaction,
                "SELECT seq, timestamp_ms FROM dl_activities WHERE conversation_id = $c ORDER BY seq DESC LIMIT 1");
            last.Parameters.AddWithValue("$c", conversationId);
            await using var reader = await last.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                sequence = reader.GetInt64(0);
                lastTimestamp = reader.GetInt64(1);
            }
        }

        var insert = SqliteStatements.Get(connection, transaction, """
            INSERT INTO dl_activities (conversation_id, seq, timestamp_ms, inbound, client_activity_id, json)
            VALUES ($c, $s, $t, $inbound, $k, $json)
            """);
        insert.Parameters.AddWithValue("$c", conversationId);
        var seqParameter = insert.Parameters.Add("$s", SqliteType.Integer);
        var timeParameter = insert.Parameters.Add("$t", SqliteType.Integer);
        insert.Parameters.AddWithValue("$inbound", inbound ? 1 : 0);
        var keyParameter = insert.Parameters.Add("$k", SqliteType.Text);
        var jsonParameter = insert.Parameters.Add("$json", SqliteType.Text);

        var result = new List<LoggedActivity>(activities.Count);
        foreach (var activity in activities)
        {
            // The log owns what it is given (see IActivityLogStore): stamped in place, not copied.
            var stamped = activity;
            sequence++;
            lastTimestamp = ActivityStamp.NextTimestampMs(lastTimestamp, clock.GetUtcNow());
            ActivityStamp.Apply(stamped, conversationId, sequence, lastTimestamp);
            seqParameter.Value = sequence;
            timeParameter.Value = lastTimestamp;
            keyParameter.Value = inbound ? (object?)stamped.ClientActivityId ?? DBNull.Value : DBNull.Value;
            jsonParameter.Value = ActivityJson.Serialize(stamped);
            await insert.ExecuteNonQueryAsync(cancellationToken);
            result.Add(new LoggedActivity(sequence, stamped));
        }

        return result;
    }
}
