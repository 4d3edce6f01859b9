using Assistant.Core.Subscriptions;
using Assistant.Web.Storage;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="ISubscriptionStore"/> must do, run once per provider.</summary>
public abstract class SubscriptionStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task A_subscription_is_kept_per_topic_and_subscribing_again_renews_address_and_language()
    {
        var store = Stores.Subscriptions;
        await store.SubscribeAsync(Sub("p_a", SubscriptionTopics.Surveys, "bg", "100"), Ct);
        await store.SubscribeAsync(Sub("p_a", SubscriptionTopics.Events, "bg", "100"), Ct);
        await store.SubscribeAsync(Sub("p_a", SubscriptionTopics.Surveys, "en", "101") with { SubscribedAt = T0.AddDays(3) }, Ct);

        var list = await store.ListAsync("p_a", Ct);

        Assert.Equal(
            [Sub("p_a", SubscriptionTopics.Events, "bg", "100"), Sub("p_a", SubscriptionTopics.Surveys, "en", "101")],
            list);
    }

    [Fact]
    public async Task Unsubscribing_one_topic_or_all_removes_only_those()
    {
        var store = Stores.Subscriptions;
        foreach (var topic in SubscriptionTopics.All)
        {
            await store.SubscribeAsync(Sub("p_a", topic), Ct);
            await store.SubscribeAsync(Sub("p_b", topic), Ct);
        }

        Assert.True(await store.UnsubscribeAsync("p_a", SubscriptionTopics.Events, Ct));
        Assert.False(await store.UnsubscribeAsync("p_a", SubscriptionTopics.Events, Ct));
        Assert.Equal([SubscriptionTopics.Results, SubscriptionTopics.Surveys], (await store.ListAsync("p_a", Ct)).Select(s => s.Topic));
        Assert.Equal(2, await store.UnsubscribeAllAsync("p_a", Ct));
        Assert.Empty(await store.ListAsync("p_a", Ct));
        Assert.Equal(3, (await store.ListAsync("p_b", Ct)).Count);
    }

    [Fact]
    public async Task Subscribers_of_a_topic_come_in_pages_in_key_order_without_gaps_or_repeats()
    {
        var store = Stores.Subscriptions;
        var keys = Enumerable.Range(0, 25).Select(i => $"p_{(i * 7919 % 1000):D4}").ToList();
        foreach (var key in keys)
        {
            await store.SubscribeAsync(Sub(key, SubscriptionTopics.Surveys), Ct);
        }

        await store.SubscribeAsync(Sub("p_events_only", SubscriptionTopics.Events), Ct);
        var seen = new List<string>();
        string? after = null;
        while (await store.ListSubscribersAsync(SubscriptionTopics.Surveys, after, 10, Ct) is { Count: > 0 } page)
        {
            seen.AddRange(page.Select(s => s.ParticipantKey));
            after = page[^1].ParticipantKey;
        }

        Assert.Equal(keys.Order(StringComparer.Ordinal), seen);
    }

    private static Subscription Sub(string key, string topic, string language = "bg", string address = "100") =>
        new(key, topic, "telegram", address, language, T0);
}

public sealed class InMemorySubscriptionStoreTests : SubscriptionStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class SqliteSubscriptionStoreTests : SubscriptionStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class PostgresSubscriptionStoreTests(PostgresCluster cluster) : SubscriptionStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
