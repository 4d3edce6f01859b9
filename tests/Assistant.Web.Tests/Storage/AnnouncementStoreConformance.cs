using Assistant.Web.Announcements;
using Assistant.Web.Storage;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Tests.Support;

namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="IAnnouncementStore"/> must do, run once per provider.</summary>
public abstract class AnnouncementStoreConformance : StoreSetConformance
{
    [Fact]
    public async Task An_announcement_is_due_from_its_time_until_done_and_the_list_is_newest_first()
    {
        var store = Stores.Announcements;
        var now = Make(T0, T0);
        var later = Make(T0.AddMinutes(1), T0.AddHours(3)) with { SurveyId = "wellbeing" };
        await store.AddAsync(now, Ct);
        await store.AddAsync(later, Ct);

        Assert.Equal([later, now], await store.ListAsync(10, Ct));
        Assert.Equal([now], await store.ListDueAsync(T0.AddHours(1), 10, Ct));
        Assert.Equal([now, later], await store.ListDueAsync(T0.AddHours(3), 10, Ct));
        Assert.True(await store.SetStateAsync(now.Id, AnnouncementState.Done, Ct));
        Assert.Equal([later], await store.ListDueAsync(T0.AddHours(3), 10, Ct));
        Assert.Equal(AnnouncementState.Done, (await store.GetAsync(now.Id, Ct))!.State);
        Assert.False(await store.SetStateAsync(Guid.NewGuid(), AnnouncementState.Done, Ct));
    }

    [Fact]
    public async Task Recipients_are_listed_once_and_a_claimed_one_is_never_claimed_or_listed_again()
    {
        var store = Stores.Announcements;
        var a = Make(T0, T0);
        await store.AddAsync(a, Ct);
        Assert.Equal(3, await store.AddRecipientsAsync(a.Id, [R(a, "p_c"), R(a, "p_a"), R(a, "p_b")], Ct));
        Assert.Equal(1, await store.AddRecipientsAsync(a.Id, [R(a, "p_a"), R(a, "p_d")], Ct));

        Assert.Equal(["p_a", "p_b"], (await store.ListPendingAsync(a.Id, 2, Ct)).Select(r => r.ParticipantKey));
        Assert.True(await store.TryClaimAsync(a.Id, "p_a", T0.AddSeconds(1), Ct));
        Assert.False(await store.TryClaimAsync(a.Id, "p_a", T0.AddSeconds(2), Ct));
        Assert.Equal(["p_b", "p_c", "p_d"], (await store.ListPendingAsync(a.Id, 10, Ct)).Select(r => r.ParticipantKey));

        await store.CompleteAsync(a.Id, "p_a", RecipientState.Sent, T0.AddSeconds(3), Ct);
        Assert.True(await store.TryClaimAsync(a.Id, "p_b", T0.AddSeconds(3), Ct));
        await store.CompleteAsync(a.Id, "p_b", RecipientState.Blocked, T0.AddSeconds(4), Ct);
        Assert.True(await store.TryClaimAsync(a.Id, "p_c", T0.AddSeconds(4), Ct));

        Assert.Equal(new AnnouncementCounts(1, 1, 1, 0, 1), await store.CountAsync(a.Id, Ct));
        // Completing is only for a claim: a pending recipient is not marked sent by mistake.
        await store.CompleteAsync(a.Id, "p_d", RecipientState.Sent, T0.AddSeconds(5), Ct);
        Assert.Equal(new AnnouncementCounts(1, 1, 1, 0, 1), await store.CountAsync(a.Id, Ct));
    }

    [Fact]
    public async Task A_claim_left_by_a_stopped_instance_turns_failed_and_is_never_sent_again()
    {
        var store = Stores.Announcements;
        var a = Make(T0, T0);
        await store.AddAsync(a, Ct);
        await store.AddRecipientsAsync(a.Id, [R(a, "p_a"), R(a, "p_b")], Ct);
        Assert.True(await store.TryClaimAsync(a.Id, "p_a", T0, Ct));
        Assert.True(await store.TryClaimAsync(a.Id, "p_b", T0.AddMinutes(5), Ct));

        Assert.Equal(1, await store.FailStaleClaimsAsync(T0.AddMinutes(2), T0.AddMinutes(6), Ct));

        Assert.Equal(new AnnouncementCounts(0, 1, 0, 1, 0), await store.CountAsync(a.Id, Ct));
        Assert.False(await store.TryClaimAsync(a.Id, "p_a", T0.AddMinutes(7), Ct));
        Assert.Empty(await store.ListPendingAsync(a.Id, 10, Ct));
    }

    [Fact]
    public async Task Racing_instances_claim_each_recipient_exactly_once()
    {
        var store = Stores.Announcements;
        var a = Make(T0, T0);
        await store.AddAsync(a, Ct);
        await store.AddRecipientsAsync(a.Id, Enumerable.Range(0, 20).Select(i => R(a, $"p_{i:00}")).ToList(), Ct);

        var wins = await RaceAsync(40, i => store.TryClaimAsync(a.Id, $"p_{i % 20:00}", T0, Ct));

        Assert.Equal(20, wins.Count(w => w));
        Assert.Equal(20, (await store.CountAsync(a.Id, Ct)).Sending);
    }

    private static Announcement Make(DateTimeOffset createdAt, DateTimeOffset sendAt) =>
        new(Guid.NewGuid(), "surveys", "Нова анкета за **парковете**", "A new survey about **parks**", null, "ada", createdAt, sendAt);

    private static AnnouncementRecipient R(Announcement a, string key) =>
        new(a.Id, key, "telegram", "42" + key.Length, "bg", RecipientState.Pending, T0);
}

public sealed class InMemoryAnnouncementStoreTests : AnnouncementStoreConformance
{
    protected override StoreSet Stores { get; } = StoreSet.Memory(TimeProvider.System);
}

public sealed class SqliteAnnouncementStoreTests : AnnouncementStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class PostgresAnnouncementStoreTests(PostgresCluster cluster) : AnnouncementStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
