using Assistant.Core.Surveys;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Storage;

/// <summary>
/// Group commit on a real SQLite file (WAL, synchronous=FULL): concurrent writes share transactions, a failing write
/// fails alone, and a write is acknowledged only once the COMMIT holding it has returned. Where a test needs several
/// writes in one batch it holds the writer with a unit that waits on a gate: everything queued meanwhile forms the next batch.
/// </summary>
public sealed class SqliteGroupCommitTests : IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteDatabase Database => _file.Database;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    [Fact]
    public async Task Two_hundred_concurrent_writers_are_all_stored_in_far_fewer_commits()
    {
        const int writers = 200;
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var surveys = new SqliteSurveyResponseStore(Database);
        var response = new SurveyResponse(Guid.NewGuid(), "wellbeing", 1, "p-1", "webchat", DateTimeOffset.UtcNow, null,
            ResponseStatus.InProgress);
        await surveys.StartAsync(response, Ct);
        var before = Database.CommittedBatches;

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, writers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            if (i % 2 == 0)
            {
                await state.WriteAsync($"k{i}", $$"""{"n":{{i}}}""", null, Ct);
            }
            else
            {
                await surveys.SaveAnswerAsync(new SurveyAnswer(response.Id, $"q{i}", $$"""{"value":{{i}}}""", DateTimeOffset.UtcNow), Ct);
            }
        }, Ct)).ToList();
        start.SetResult();
        await Task.WhenAll(tasks);

        for (var i = 0; i < writers; i += 2)
        {
            Assert.Equal($$"""{"n":{{i}}}""", (await state.ReadAsync($"k{i}", Ct))?.Json);
        }

        Assert.Equal(writers / 2, (await surveys.GetAnswersAsync(response.Id, Ct)).Count);
        var commits = Database.CommittedBatches - before;
        TestContext.Current.TestOutputHelper?.WriteLine($"{writers} writers, {commits} commits");
        Assert.InRange(commits, 1, writers - 1);
    }

    [Fact]
    public async Task Writes_queued_while_the_writer_is_busy_commit_together_in_one_batch()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();
        var before = Database.CommittedBatches;

        var writes = Enumerable.Range(0, 100).Select(i => state.WriteAsync($"k{i}", "{}", null, Ct)).ToList();
        gate.Release();
        await gate.Done;
        await Task.WhenAll(writes);

        Assert.Equal(2, Database.CommittedBatches - before);
        Assert.Equal(100, await CountAsync("SELECT COUNT(*) FROM state"));
    }

    [Fact]
    public async Task A_stale_etag_in_a_batch_fails_only_its_caller_and_the_others_are_stored()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var surveys = new SqliteSurveyResponseStore(Database);
        var stale = await state.WriteAsync("k", """{"n":1}""", null, Ct);
        var current = await state.WriteAsync("k", """{"n":2}""", stale, Ct);
        var response = new SurveyResponse(Guid.NewGuid(), "wellbeing", 1, "p-1", "webchat", DateTimeOffset.UtcNow, null,
            ResponseStatus.InProgress);
        var gate = await HoldWriterAsync();
        var before = Database.CommittedBatches;

        var first = state.WriteAsync("a", """{"n":1}""", null, Ct);
        var conflict = state.WriteAsync("k", """{"n":3}""", stale, Ct);
        // A unit that wrote before it threw: its own write is rolled back with it.
        var broken = Database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO state (key, etag, json, updated_at) VALUES ('broken', 'e', '{}', 'now')";
            await command.ExecuteNonQueryAsync(token);
            throw new InvalidOperationException("The unit fails after writing.");
        }, Ct);
        var started = surveys.StartAsync(response, Ct);
        var answered = surveys.SaveAnswerAsync(new SurveyAnswer(response.Id, "mood", """{"value":4}""", DateTimeOffset.UtcNow), Ct);
        var last = state.WriteAsync("b", """{"n":1}""", null, Ct);
        gate.Release();
        await gate.Done;

        Assert.Equal("k", (await Assert.ThrowsAsync<ConcurrencyConflictException>(() => conflict)).Key);
        Assert.Equal("The unit fails after writing.", (await Assert.ThrowsAsync<InvalidOperationException>(() => broken)).Message);
        await Task.WhenAll(first, started, answered, last);
        Assert.Equal(2, Database.CommittedBatches - before);
        Assert.Equal(new StateEntry("""{"n":2}""", current), await state.ReadAsync("k", Ct));
        Assert.NotNull(await state.ReadAsync("a", Ct));
        Assert.NotNull(await state.ReadAsync("b", Ct));
        Assert.Null(await state.ReadAsync("broken", Ct));
        Assert.Single(await surveys.GetAnswersAsync(response.Id, Ct));
    }

    [Fact]
    public async Task A_write_is_acknowledged_only_after_its_batch_commits_and_is_then_visible_to_a_fresh_connection()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();

        var write = state.WriteAsync("k", """{"n":1}""", null, Ct);
        // Queued behind the write, in the same batch: holds that batch open after the write ran.
        var holdCommit = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var secondRan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = Database.WriteAsync(async (_, _, _) =>
        {
            secondRan.SetResult();
            await holdCommit.Task;
        }, Ct);
        gate.Release();
        await gate.Done;
        await secondRan.Task.WaitAsync(Ct);

        Assert.False(write.IsCompleted);
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM state WHERE key = 'k'"));

        holdCommit.SetResult();
        var etag = await write;
        await second;

        // Not from the pool: a connection opened now, as another process (or this one restarted) would.
        await using var fresh = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.FilePath, Pooling = false }.ToString());
        await fresh.OpenAsync(Ct);
        await using var read = fresh.CreateCommand();
        read.CommandText = "SELECT etag FROM state WHERE key = 'k'";
        Assert.Equal(etag, (string?)await read.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task A_write_cancelled_while_it_waits_completes_as_cancelled_at_once_and_never_runs()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();
        using var cancellation = new CancellationTokenSource();

        var cancelled = state.WriteAsync("cancelled", "{}", null, cancellation.Token);
        var kept = state.WriteAsync("kept", "{}", null, Ct);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(kept.IsCompleted);
        gate.Release();
        await gate.Done;
        await kept;
        Assert.Null(await state.ReadAsync("cancelled", Ct));
        Assert.NotNull(await state.ReadAsync("kept", Ct));
    }

    [Fact]
    public async Task A_failed_commit_fails_its_whole_batch_and_the_next_write_commits_on_a_new_connection()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();

        var innocent = state.WriteAsync("innocent", "{}", null, Ct);
        // An answer to no response, with the foreign key checked only at COMMIT: the unit succeeds, the COMMIT fails.
        var orphan = Database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = """
                PRAGMA defer_foreign_keys = ON;
                INSERT INTO survey_answers (response_id, question_id, value_json, answered_at) VALUES ('none', 'q', '{}', 'now');
                """;
            await command.ExecuteNonQueryAsync(token);
        }, Ct);
        gate.Release();
        await gate.Done;

        var failure = await Assert.ThrowsAsync<SqliteException>(() => orphan);
        Assert.Same(failure, await Assert.ThrowsAsync<SqliteException>(() => innocent));
        Assert.Null(await state.ReadAsync("innocent", Ct));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM survey_answers"));

        await state.WriteAsync("after", "{}", null, Ct);
        Assert.NotNull(await state.ReadAsync("after", Ct));
    }

    [Fact]
    public async Task A_unit_whose_error_ended_the_whole_transaction_fails_its_batch_with_that_error()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();

        var innocent = state.WriteAsync("innocent", "{}", null, Ct);
        // As SQLite does on some errors (disk full, I/O): the transaction is gone when the unit's exception arrives.
        var fatal = Database.WriteAsync(async (connection, transaction, token) =>
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "ROLLBACK";
            await command.ExecuteNonQueryAsync(token);
            throw new IOException("The disk is full.");
        }, Ct);
        var after = state.WriteAsync("after", "{}", null, Ct);
        gate.Release();
        await gate.Done;

        var failure = await Assert.ThrowsAsync<IOException>(() => fatal);
        Assert.Same(failure, await Assert.ThrowsAsync<IOException>(() => innocent));
        Assert.Same(failure, await Assert.ThrowsAsync<IOException>(() => after));
        Assert.Null(await state.ReadAsync("innocent", Ct));
        await state.WriteAsync("next", "{}", null, Ct);
        Assert.NotNull(await state.ReadAsync("next", Ct));
    }

    [Fact]
    public async Task A_scrub_queued_between_writes_runs_alone_after_the_earlier_ones_commit_and_empties_the_wal()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();
        var before = Database.CommittedBatches;

        var earlier = state.WriteAsync("earlier", "{}", null, Ct);
        var scrub = Database.ScrubAsync(Ct);
        var later = state.WriteAsync("later", "{}", null, Ct);
        gate.Release();
        await gate.Done;

        // Run outside any transaction (inside one VACUUM fails), after the batch before it and apart from the one after.
        Assert.True(await scrub);
        await Task.WhenAll(earlier, later);
        Assert.Equal(3, Database.CommittedBatches - before);
        Assert.True(await Database.ScrubAsync(Ct));
        Assert.Equal(0, new FileInfo(_file.FilePath + "-wal").Length);
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM state WHERE key IN ('earlier', 'later')"));
    }

    [Fact]
    public async Task A_unit_that_writes_through_the_database_again_fails_instead_of_waiting_for_itself()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);

        var nested = Database.WriteAsync((_, _, token) => state.WriteAsync("nested", "{}", null, token), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => nested.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        Assert.Null(await state.ReadAsync("nested", Ct));
    }

    [Fact]
    public async Task Disposing_commits_what_was_queued_and_later_writes_are_refused()
    {
        var state = new SqliteStateStore(Database, TimeProvider.System);
        var gate = await HoldWriterAsync();
        var queued = state.WriteAsync("queued", "{}", null, Ct);

        var disposed = Database.DisposeAsync();
        gate.Release();
        await disposed;

        await queued;
        Assert.NotNull(await state.ReadAsync("queued", Ct));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => state.WriteAsync("late", "{}", null, Ct));
    }

    [Fact]
    public async Task Without_group_commit_every_write_is_a_commit_of_its_own()
    {
        await using var file = await SqliteTestFile.CreateAsync(groupCommit: false);
        var state = new SqliteStateStore(file.Database, TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => state.WriteAsync($"k{i}", "{}", null, Ct), Ct)));

        Assert.False(file.Database.GroupCommit);
        Assert.Equal(20, file.Database.CommittedBatches);
    }

    /// <summary>Puts a unit on the writer that waits for <see cref="Gate.Release"/>; returns once it runs, alone in its batch.</summary>
    private async Task<Gate> HoldWriterAsync()
    {
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = Database.WriteAsync(async (_, _, _) =>
        {
            running.SetResult();
            await release.Task;
        }, Ct);
        await running.Task.WaitAsync(Ct);
        return new Gate(release, done);
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }

    private sealed record Gate(TaskCompletionSource Releaser, Task Done)
    {
        public void Release() => Releaser.SetResult();
    }
}
