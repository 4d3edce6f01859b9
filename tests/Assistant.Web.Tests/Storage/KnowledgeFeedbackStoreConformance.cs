using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="IKnowledgeFeedbackStore"/> must do, run once per provider.</summary>
public abstract class KnowledgeFeedbackStoreConformance
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IKnowledgeFeedbackStore CreateStore();

    [Fact]
    public async Task Taps_are_counted_per_entry_and_content_version()
    {
        var store = CreateStore();
        await store.AddAsync(Tap("icc-overview", "v1", helpful: true), Ct);
        await store.AddAsync(Tap("icc-overview", "v1", helpful: true), Ct);
        await store.AddAsync(Tap("icc-overview", "v1", helpful: false), Ct);
        await store.AddAsync(Tap("icc-overview", "v2", helpful: false), Ct);
        await store.AddAsync(Tap("strategy-sandbox", "v2", helpful: true), Ct);

        var counts = await store.CountAsync(Ct);

        Assert.Equal(
            [
                new KnowledgeFeedbackCount("icc-overview", "v1", 2, 1),
                new KnowledgeFeedbackCount("icc-overview", "v2", 0, 1),
                new KnowledgeFeedbackCount("strategy-sandbox", "v2", 1, 0),
            ],
            counts);
    }

    [Fact]
    public async Task Nothing_counted_before_any_tap()
    {
        Assert.Empty(await CreateStore().CountAsync(Ct));
    }

    private static KnowledgeFeedback Tap(string entry, string version, bool helpful) =>
        new(Guid.NewGuid(), entry, version, helpful, "bg", "telegram", T0);
}

public sealed class InMemoryKnowledgeFeedbackStoreTests : KnowledgeFeedbackStoreConformance
{
    private readonly Assistant.Core.InMemory.InMemoryKnowledgeFeedbackStore _store = new();

    protected override IKnowledgeFeedbackStore CreateStore() => _store;
}

public sealed class SqliteKnowledgeFeedbackStoreTests : KnowledgeFeedbackStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IKnowledgeFeedbackStore CreateStore() => new Assistant.Web.Storage.Sqlite.SqliteKnowledgeFeedbackStore(_file.Database);
}

public sealed class PostgresKnowledgeFeedbackStoreTests(PostgresCluster cluster) : KnowledgeFeedbackStoreConformance, IAsyncLifetime
{
    private Assistant.Web.Storage.Postgres.PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override IKnowledgeFeedbackStore CreateStore() => new Assistant.Web.Storage.Postgres.PostgresKnowledgeFeedbackStore(_database!);
}
