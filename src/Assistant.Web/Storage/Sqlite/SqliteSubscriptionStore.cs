using Assistant.Core.Subscriptions;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Storage.Sqlite;

/// <summary>Subscriptions in the SQLite file.</summary>
public sealed class SqliteSubscriptionStore(SqliteDatabase database) : ISubscriptionStore
{
    private const string Columns = "participant_key, topic, channel, address, language, subscribed_at";

    public Task SubscribeAsync(Subscription subscription, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                INSERT INTO subscriptions (participant_key, topic, channel, address, language, subscribed_at)
                VALUES ($key, $topic, $channel, $address, $language, $at)
                ON CONFLICT (participant_key, topic) DO UPDATE SET channel = excluded.channel, address = excluded.address,
                    language = excluded.language
                """;
            command.Parameters.AddWithValue("$key", subscription.ParticipantKey);
            command.Parameters.AddWithValue("$topic", subscription.Topic);
            command.Parameters.AddWithValue("$channel", subscription.Channel);
            command.Parameters.AddWithValue("$address", subscription.Address);
            command.Parameters.AddWithValue("$language", subscription.Language);
            command.Parameters.AddWithValue("$at", SqliteTime.ToText(subscription.SubscribedAt));
            await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    public async Task<bool> UnsubscribeAsync(string participantKey, string topic, CancellationToken cancellationToken) =>
        await DeleteAsync("DELETE FROM subscriptions WHERE participant_key = $key AND topic = $topic", participantKey, topic,
            cancellationToken) > 0;

    public Task<int> UnsubscribeAllAsync(string participantKey, CancellationToken cancellationToken) =>
        DeleteAsync("DELETE FROM subscriptions WHERE participant_key = $key", participantKey, null, cancellationToken);

    public async Task<IReadOnlyList<Subscription>> ListAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM subscriptions WHERE participant_key = $key ORDER BY topic";
        command.Parameters.AddWithValue("$key", participantKey);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Subscription>> ListSubscribersAsync(string topic, string? afterKey, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM subscriptions WHERE topic = $topic AND participant_key > $after
            ORDER BY participant_key LIMIT $limit
            """;
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$after", afterKey ?? "");
        command.Parameters.AddWithValue("$limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    private Task<int> DeleteAsync(string sql, string participantKey, string? topic, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", participantKey);
            if (topic is not null)
            {
                command.Parameters.AddWithValue("$topic", topic);
            }

            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);

    private static async Task<IReadOnlyList<Subscription>> ReadAllAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Subscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new Subscription(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), SqliteTime.Parse(reader.GetString(5))));
        }

        return result;
    }
}
