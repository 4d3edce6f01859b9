using Assistant.Core.Subscriptions;
using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>Subscriptions in PostgreSQL; subscribers are paged in byte order of their keys (<c>COLLATE "C"</c>).</summary>
public sealed class PostgresSubscriptionStore(PostgresDatabase database) : ISubscriptionStore
{
    private const string Columns = "participant_key, topic, channel, address, language, subscribed_at";

    public async Task SubscribeAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            INSERT INTO subscriptions (participant_key, topic, channel, address, language, subscribed_at)
            VALUES (@key, @topic, @channel, @address, @language, @at)
            ON CONFLICT (participant_key, topic) DO UPDATE SET channel = excluded.channel, address = excluded.address,
                language = excluded.language
            """, connection);
        command.Parameters.AddWithValue("key", subscription.ParticipantKey);
        command.Parameters.AddWithValue("topic", subscription.Topic);
        command.Parameters.AddWithValue("channel", subscription.Channel);
        command.Parameters.AddWithValue("address", subscription.Address);
        command.Parameters.AddWithValue("language", subscription.Language);
        command.Parameters.AddWithValue("at", subscription.SubscribedAt.ToUniversalTime());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<bool> UnsubscribeAsync(string participantKey, string topic, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM subscriptions WHERE participant_key = @key AND topic = @topic", connection);
        command.Parameters.AddWithValue("key", participantKey);
        command.Parameters.AddWithValue("topic", topic);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<int> UnsubscribeAllAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("DELETE FROM subscriptions WHERE participant_key = @key", connection);
        command.Parameters.AddWithValue("key", participantKey);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(string participantKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"SELECT {Columns} FROM subscriptions WHERE participant_key = @key ORDER BY topic COLLATE \"C\"", connection);
        command.Parameters.AddWithValue("key", participantKey);
        return await ReadAllAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Subscription>> ListSubscribersAsync(string topic, string? afterKey, int limit,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"""
            SELECT {Columns} FROM subscriptions WHERE topic = @topic AND participant_key COLLATE "C" > @after
            ORDER BY participant_key COLLATE "C" LIMIT @limit
            """, connection);
        command.Parameters.AddWithValue("topic", topic);
        command.Parameters.AddWithValue("after", afterKey ?? "");
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAllAsync(command, cancellationToken);
    }

    private static async Task<IReadOnlyList<Subscription>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<Subscription>();
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new Subscription(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return result;
    }
}
