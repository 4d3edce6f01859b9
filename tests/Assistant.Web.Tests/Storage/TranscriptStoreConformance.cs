namespace Assistant.Web.Tests.Storage;

/// <summary>What every <see cref="ITranscriptStore"/> must do, run once per provider.</summary>
public abstract class TranscriptStoreConformance
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store over empty storage; every call within a test sees the same data.</summary>
    protected abstract ITranscriptStore CreateStore();

    [Fact]
    public async Task Entries_are_read_back_per_conversation_in_the_order_they_were_appended()
    {
        var store = CreateStore();
        var a1 = Entry("directline/a", TranscriptEntry.Inbound, "a|1", T0.AddSeconds(5), """{"text":"здравей"}""");
        var a2 = Entry("directline/a", TranscriptEntry.Outbound, null, T0, """{"text":"Здравейте!"}""");
        var b1 = Entry("telegram/b", TranscriptEntry.Inbound, "b|1", T0, """{"text":"hi"}""");
        var a3 = Entry("directline/a", TranscriptEntry.Outbound, "a|3", T0.AddSeconds(6), """{"text":"Меню"}""");

        await store.AppendAsync([a1, a2], Ct);
        await store.AppendAsync([b1], Ct);
        await store.AppendAsync([a3], Ct);
        await store.AppendAsync([], Ct);

        Assert.Equal([a1, a2, a3], await store.ReadAsync("directline/a", Ct));
        Assert.Equal([b1], await store.ReadAsync("telegram/b", Ct));
        Assert.Empty(await store.ReadAsync("directline/none", Ct));
    }

    [Fact]
    public async Task Times_keep_their_instant_whatever_their_offset()
    {
        var store = CreateStore();
        var plus3 = new DateTimeOffset(2025, 3, 1, 12, 0, 0, 123, TimeSpan.FromHours(3));

        await store.AppendAsync([Entry("k", TranscriptEntry.Inbound, "1", plus3, "{}")], Ct);

        var read = Assert.Single(await store.ReadAsync("k", Ct));
        Assert.Equal(plus3, read.Timestamp);
        Assert.Equal(plus3.UtcDateTime, read.Timestamp.UtcDateTime);
    }

    [Fact]
    public async Task Batches_appended_from_parallel_tasks_are_all_kept_whole_and_in_batch_order()
    {
        var store = CreateStore();

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            await store.AppendAsync(
            [
                Entry("k", TranscriptEntry.Inbound, $"{i}|in", T0, $$"""{"turn":{{i}},"part":0}"""),
                Entry("k", TranscriptEntry.Outbound, $"{i}|out1", T0, $$"""{"turn":{{i}},"part":1}"""),
                Entry("k", TranscriptEntry.Outbound, $"{i}|out2", T0, $$"""{"turn":{{i}},"part":2}"""),
            ], Ct);
        }, Ct)).ToList();
        gate.SetResult();
        await Task.WhenAll(tasks);

        var read = await store.ReadAsync("k", Ct);
        Assert.Equal(120, read.Count);
        Assert.Equal(120, read.Select(e => e.ActivityId).Distinct().Count());
        foreach (var turn in Enumerable.Range(0, 40))
        {
            var positions = new[] { "in", "out1", "out2" }
                .Select(part => read.ToList().FindIndex(e => e.ActivityId == $"{turn}|{part}")).ToList();
            Assert.True(positions[0] < positions[1] && positions[1] < positions[2], $"turn {turn} kept its order");
        }
    }

    [Fact]
    public async Task Cyrillic_and_emoji_survive_the_round_trip()
    {
        var store = CreateStore();
        var entry = Entry("telegram/чат-😀", TranscriptEntry.Inbound, "ид-1", T0, """{"text":"Благодаря 🙏 👩‍👩‍👧"}""");

        await store.AppendAsync([entry], Ct);

        Assert.Equal([entry], await store.ReadAsync("telegram/чат-😀", Ct));
    }

    private static TranscriptEntry Entry(string key, string direction, string? id, DateTimeOffset at, string json) =>
        new(key, direction, id, at, json);
}
