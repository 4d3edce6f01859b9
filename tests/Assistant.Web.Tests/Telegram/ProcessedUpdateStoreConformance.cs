using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Tests.Telegram;

/// <summary>What every <see cref="IProcessedUpdateStore"/> must do; run once per provider.</summary>
public abstract class ProcessedUpdateStoreConformance
{
    protected const string Source = "telegram/7000000001";
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IProcessedUpdateStore CreateStore();

    protected static ReceivedUpdate Update(long id, DateTimeOffset claimedAt, string source = Source) =>
        new(source, id, "42", $$$"""{"update_id":{{{id}}},"message":{"text":"здравей"}}""", claimedAt);

    [Fact]
    public async Task An_update_id_can_be_claimed_once()
    {
        var store = CreateStore();

        Assert.True(await store.TryClaimAsync(Update(1, T0), Ct));
        Assert.False(await store.TryClaimAsync(Update(1, T0.AddSeconds(1)), Ct));
        await store.CompleteAsync(Source, 1, T0.AddSeconds(2), Ct);
        Assert.False(await store.TryClaimAsync(Update(1, T0.AddSeconds(3)), Ct));
    }

    [Fact]
    public async Task Update_ids_of_different_bots_do_not_collide()
    {
        var store = CreateStore();

        Assert.True(await store.TryClaimAsync(Update(5, T0), Ct));
        Assert.True(await store.TryClaimAsync(Update(5, T0, source: "telegram/99"), Ct));
    }

    [Fact]
    public async Task Stale_claims_are_the_unfinished_ones_older_than_the_cutoff_oldest_first()
    {
        var store = CreateStore();
        await store.TryClaimAsync(Update(3, T0.AddMinutes(1)), Ct);
        await store.TryClaimAsync(Update(2, T0), Ct);
        await store.TryClaimAsync(Update(4, T0.AddMinutes(2)), Ct);
        await store.TryClaimAsync(Update(9, T0.AddMinutes(10)), Ct);
        await store.TryClaimAsync(Update(1, T0, source: "telegram/99"), Ct);
        await store.CompleteAsync(Source, 4, T0.AddMinutes(3), Ct);

        var stale = await store.ListStaleAsync(Source, T0.AddMinutes(5), 10, Ct);

        Assert.Equal([2L, 3L], stale.Select(u => u.UpdateId));
        Assert.Equal(Update(2, T0), stale[0]);
        Assert.Single(await store.ListStaleAsync(Source, T0.AddMinutes(5), 1, Ct));
    }

    [Fact]
    public async Task A_stale_claim_is_taken_over_by_one_receiver_only()
    {
        var store = CreateStore();
        await store.TryClaimAsync(Update(7, T0), Ct);

        Assert.True(await store.TryReclaimAsync(Source, 7, T0, T0.AddMinutes(5), Ct));
        Assert.False(await store.TryReclaimAsync(Source, 7, T0, T0.AddMinutes(5), Ct));
        Assert.Empty(await store.ListStaleAsync(Source, T0.AddMinutes(4), 10, Ct));
        await store.CompleteAsync(Source, 7, T0.AddMinutes(6), Ct);
        Assert.False(await store.TryReclaimAsync(Source, 7, T0.AddMinutes(5), T0.AddMinutes(7), Ct));
        Assert.Empty(await store.ListStaleAsync(Source, T0.AddDays(1), 10, Ct));
    }

    [Fact]
    public async Task Pruning_forgets_only_updates_completed_before_the_cutoff()
    {
        var store = CreateStore();
        await store.TryClaimAsync(Update(1, T0), Ct);
        await store.TryClaimAsync(Update(2, T0), Ct);
        await store.TryClaimAsync(Update(3, T0), Ct);
        await store.CompleteAsync(Source, 1, T0.AddMinutes(1), Ct);
        await store.CompleteAsync(Source, 2, T0.AddDays(3), Ct);

        Assert.Equal(1, await store.PruneAsync(T0.AddDays(2), Ct));

        Assert.True(await store.TryClaimAsync(Update(1, T0.AddDays(3)), Ct));
        Assert.False(await store.TryClaimAsync(Update(2, T0.AddDays(3)), Ct));
        Assert.Equal([3L], (await store.ListStaleAsync(Source, T0.AddMinutes(1), 10, Ct)).Select(u => u.UpdateId));
    }
}
