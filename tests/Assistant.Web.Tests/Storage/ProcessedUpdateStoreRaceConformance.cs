using Assistant.Web.Channels.Telegram;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// <see cref="IProcessedUpdateStore"/> under racing receivers (webhook redeliveries, several instances): each update is
/// claimed, taken over and completed by one of them only. The single-caller behaviour is in
/// <see cref="Telegram.ProcessedUpdateStoreConformance"/>.
/// </summary>
public abstract class ProcessedUpdateStoreRaceConformance
{
    private const string Source = "telegram/7000000001";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over empty storage; every call within a test sees the same data.</summary>
    protected abstract IProcessedUpdateStore CreateStore();

    [Fact]
    public async Task Of_twenty_receivers_claiming_one_update_id_exactly_one_gets_it()
    {
        var store = CreateStore();

        var claims = await RaceAsync(20, _ => store.TryClaimAsync(Update(42, T0), Ct));

        Assert.Single(claims, c => c);
    }

    [Fact]
    public async Task Racing_claims_of_many_update_ids_give_each_id_to_exactly_one_receiver()
    {
        var store = CreateStore();

        // Three receivers each try every id 1..50, interleaved.
        var claims = await RaceAsync(150, i => store.TryClaimAsync(Update(1 + (i % 50), T0), Ct));

        Assert.Equal(50, claims.Count(c => c));
        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i),
            (await store.ListStaleAsync(Source, T0.AddSeconds(1), 100, Ct)).Select(u => u.UpdateId).Order());
    }

    [Fact]
    public async Task Of_ten_receivers_taking_over_one_stale_claim_exactly_one_succeeds()
    {
        var store = CreateStore();
        await store.TryClaimAsync(Update(7, T0), Ct);

        var takeovers = await RaceAsync(10, i => store.TryReclaimAsync(Source, 7, T0, T0.AddMinutes(5).AddMilliseconds(i), Ct));

        Assert.Single(takeovers, t => t);
        Assert.Empty(await store.ListStaleAsync(Source, T0.AddMinutes(5), 10, Ct));
    }

    [Fact]
    public async Task A_completion_racing_a_takeover_leaves_the_update_done()
    {
        var store = CreateStore();
        await store.TryClaimAsync(Update(8, T0), Ct);

        await Task.WhenAll(
            Task.Run(() => store.CompleteAsync(Source, 8, T0.AddMinutes(1), Ct), Ct),
            Task.Run(() => store.TryReclaimAsync(Source, 8, T0, T0.AddMinutes(5), Ct), Ct));
        await store.CompleteAsync(Source, 8, T0.AddMinutes(6), Ct);

        Assert.Empty(await store.ListStaleAsync(Source, T0.AddDays(1), 10, Ct));
        Assert.False(await store.TryClaimAsync(Update(8, T0.AddDays(1)), Ct));
    }

    private static ReceivedUpdate Update(long id, DateTimeOffset claimedAt) =>
        new(Source, id, "42", $$"""{"update_id":{{id}}}""", claimedAt);

    private static async Task<bool[]> RaceAsync(int count, Func<int, Task<bool>> attempt)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await attempt(i);
        }, Ct)).ToList();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
