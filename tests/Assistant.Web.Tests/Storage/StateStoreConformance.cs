namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="IStateStore"/> must do (eTags, optimistic concurrency), run once per provider.</summary>
public abstract class StateStoreConformance
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over empty storage; every call within a test sees the same data.</summary>
    protected abstract IStateStore CreateStore();

    [Fact]
    public async Task A_key_never_written_reads_as_nothing()
    {
        Assert.Null(await CreateStore().ReadAsync("directline/conversations/none", Ct));
    }

    [Fact]
    public async Task A_new_key_is_created_without_an_etag_and_read_back_with_the_returned_one()
    {
        var store = CreateStore();

        var etag = await store.WriteAsync("k", """{"n":1}""", null, Ct);

        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(new StateEntry("""{"n":1}""", etag), await store.ReadAsync("k", Ct));
    }

    [Fact]
    public async Task Creating_a_key_that_exists_is_a_conflict_and_keeps_the_first_document()
    {
        var store = CreateStore();
        var etag = await store.WriteAsync("k", """{"n":1}""", null, Ct);

        var conflict = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync("k", """{"n":2}""", null, Ct));

        Assert.Equal("k", conflict.Key);
        Assert.Equal(new StateEntry("""{"n":1}""", etag), await store.ReadAsync("k", Ct));
    }

    [Fact]
    public async Task Writing_with_the_current_etag_replaces_the_document_and_changes_the_etag()
    {
        var store = CreateStore();
        var first = await store.WriteAsync("k", """{"n":1}""", null, Ct);

        var second = await store.WriteAsync("k", """{"n":2}""", first, Ct);

        Assert.NotEqual(first, second);
        Assert.Equal(new StateEntry("""{"n":2}""", second), await store.ReadAsync("k", Ct));
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_or_to_a_missing_key_with_an_etag_is_a_conflict()
    {
        var store = CreateStore();
        var first = await store.WriteAsync("k", """{"n":1}""", null, Ct);
        var second = await store.WriteAsync("k", """{"n":2}""", first, Ct);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync("k", """{"n":3}""", first, Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync("missing", """{"n":3}""", first, Ct));

        Assert.Equal(new StateEntry("""{"n":2}""", second), await store.ReadAsync("k", Ct));
        Assert.Null(await store.ReadAsync("missing", Ct));
    }

    [Fact]
    public async Task A_deleted_key_is_gone_and_can_be_created_again()
    {
        var store = CreateStore();
        var etag = await store.WriteAsync("k", """{"n":1}""", null, Ct);
        await store.WriteAsync("other", """{"n":9}""", null, Ct);

        await store.DeleteAsync("k", Ct);
        await store.DeleteAsync("never-there", Ct);

        Assert.Null(await store.ReadAsync("k", Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.WriteAsync("k", """{"n":2}""", etag, Ct));
        var again = await store.WriteAsync("k", """{"n":3}""", null, Ct);
        Assert.Equal(new StateEntry("""{"n":3}""", again), await store.ReadAsync("k", Ct));
        Assert.NotNull(await store.ReadAsync("other", Ct));
    }

    [Fact]
    public async Task Of_twenty_writers_holding_the_same_etag_exactly_one_wins()
    {
        var store = CreateStore();
        var etag = await store.WriteAsync("k", """{"writer":-1}""", null, Ct);

        var results = await RaceAsync(20, i => store.WriteAsync("k", $$"""{"writer":{{i}}}""", etag, Ct));

        var winner = Assert.Single(results, r => r.ETag is not null);
        Assert.All(results.Where(r => r.ETag is null), r => Assert.IsType<ConcurrencyConflictException>(r.Error));
        Assert.Equal(new StateEntry($$"""{"writer":{{winner.Index}}}""", winner.ETag!), await store.ReadAsync("k", Ct));
    }

    [Fact]
    public async Task Of_twenty_writers_creating_the_same_key_exactly_one_wins()
    {
        var store = CreateStore();

        var results = await RaceAsync(20, i => store.WriteAsync("new", $$"""{"writer":{{i}}}""", null, Ct));

        var winner = Assert.Single(results, r => r.ETag is not null);
        Assert.All(results.Where(r => r.ETag is null), r => Assert.IsType<ConcurrencyConflictException>(r.Error));
        Assert.Equal($$"""{"writer":{{winner.Index}}}""", (await store.ReadAsync("new", Ct))!.Json);
    }

    [Fact]
    public async Task Read_modify_write_with_retries_from_parallel_writers_loses_no_update()
    {
        var store = CreateStore();
        await store.WriteAsync("counter", "0", null, Ct);
        const int writers = 8, increments = 10;

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            for (var done = 0; done < increments;)
            {
                var entry = (await store.ReadAsync("counter", Ct))!;
                try
                {
                    await store.WriteAsync("counter", (int.Parse(entry.Json, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), entry.ETag, Ct);
                    done++;
                }
                catch (ConcurrencyConflictException)
                {
                    // Someone else wrote first: read again and re-apply, as TurnProcessor does.
                }
            }
        }, Ct)).ToList();
        gate.SetResult();
        await Task.WhenAll(tasks);

        Assert.Equal((writers * increments).ToString(System.Globalization.CultureInfo.InvariantCulture), (await store.ReadAsync("counter", Ct))!.Json);
    }

    [Fact]
    public async Task Cyrillic_emoji_and_large_documents_survive_the_round_trip()
    {
        var store = CreateStore();
        var json = $$"""{"text":"Здравейте, София 🇧🇬 👩‍👩‍👧","blob":"{{new string('я', 100_000)}}"}""";

        var etag = await store.WriteAsync("directline/users/участник-😀", json, null, Ct);

        Assert.Equal(new StateEntry(json, etag), await store.ReadAsync("directline/users/участник-😀", Ct));
    }

    /// <summary>Runs <paramref name="count"/> writes released together; each result has the eTag or the error.</summary>
    private static async Task<List<(int Index, string? ETag, Exception? Error)>> RaceAsync(int count, Func<int, Task<string>> write)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                return (i, (string?)await write(i), (Exception?)null);
            }
            catch (ConcurrencyConflictException e)
            {
                return (i, null, e);
            }
        }, Ct)).ToList();
        gate.SetResult();
        return [.. await Task.WhenAll(tasks)];
    }
}
