using Assistant.Core.Knowledge;
using Assistant.Core.Surveys;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Storage;
using Npgsql;

namespace Assistant.Web.Tests.Storage;

// The conformance suites over a real PostgreSQL (the throwaway cluster of this test run): one database per test class,
// emptied before each test, a connection pool per test.

public sealed class PostgresStateStoreTests(PostgresCluster cluster) : StateStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override IStateStore CreateStore() => new PostgresStateStore(_database!, TimeProvider.System);
}

public sealed class PostgresActivityLogStoreTests(PostgresCluster cluster) : ActivityLogStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override IActivityLogStore CreateStore(TimeProvider clock) => new PostgresActivityLogStore(_database!, clock);

    [Fact]
    public async Task Every_append_notifies_the_activity_channel_with_conversation_and_watermark()
    {
        var store = CreateStore(TimeProvider.System);
        var conversation = await StartAsync(store);
        await using var listener = _database!.CreateListenerConnection();
        await listener.OpenAsync(Ct);
        var payloads = new List<string>();
        listener.Notification += (_, e) => payloads.Add(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {PostgresDatabase.ActivityChannel}", listener))
        {
            await listen.ExecuteNonQueryAsync(Ct);
        }

        var inbound = await store.AppendInboundAsync(conversation, Message("1", "k"), Ct);
        await store.AppendInboundAsync(conversation, Message("1 again", "k"), Ct);
        await store.CompleteTurnAsync(conversation, inbound.Logged.Sequence, [Reply("a"), Reply("b")], Ct);
        await store.AppendOutboundAsync(conversation, [Reply("c")], Ct);
        while (payloads.Count < 3 && await listener.WaitAsync(TimeSpan.FromSeconds(5), Ct))
        {
        }

        // A duplicate appends nothing and says nothing; a batch of replies is one wake-up with its last number.
        Assert.Equal([$"{conversation}:1", $"{conversation}:3", $"{conversation}:4"], payloads);
        Assert.Equal(conversation, PostgresActivityLogStore.ConversationOf(payloads[0]));
    }
}

public sealed class PostgresTranscriptStoreTests(PostgresCluster cluster) : TranscriptStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override ITranscriptStore CreateStore() => new PostgresTranscriptStore(_database!);
}

public sealed class PostgresUnansweredStoreTests(PostgresCluster cluster) : UnansweredStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override IUnansweredStore CreateStore() => new PostgresUnansweredStore(_database!);

    [Fact]
    public async Task A_question_with_a_nul_character_is_kept_with_a_replacement_character()
    {
        var store = CreateStore();

        await store.AddAsync(new UnansweredQuestion(Guid.NewGuid(), "Къде\0 е?", "bg", "directline", DateTimeOffset.UtcNow, []), Ct);

        Assert.Equal("Къде\uFFFD е?", Assert.Single(await store.ListAsync(10, Ct)).Text);
    }
}

public sealed class PostgresProcessedUpdateStoreTests(PostgresCluster cluster) : Telegram.ProcessedUpdateStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override IProcessedUpdateStore CreateStore() => new PostgresProcessedUpdateStore(_database!);
}

public sealed class PostgresProcessedUpdateStoreRaceTests(PostgresCluster cluster) : ProcessedUpdateStoreRaceConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override IProcessedUpdateStore CreateStore() => new PostgresProcessedUpdateStore(_database!);
}

public sealed class PostgresSurveyResponseStoreTests(PostgresCluster cluster) : SurveyResponseStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);

    protected override ISurveyResponseStore CreateStore() => new PostgresSurveyResponseStore(_database!);

    [Fact]
    public async Task A_free_text_answer_with_a_nul_character_is_saved_with_a_replacement_character()
    {
        var store = CreateStore();
        var response = NewResponse();
        await store.StartAsync(response, Ct);

        await store.SaveAnswerAsync(new SurveyAnswer(response.Id, "note", """{"text":"a\u0000b \\u0000 ок"}""", T0), Ct);

        var saved = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(await store.GetAnswersAsync(response.Id, Ct)).ValueJson)!;
        Assert.Equal("a\uFFFDb \\u0000 ок", saved["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task After_two_hundred_parallel_saves_the_unique_constraint_holds_and_counts_match()
    {
        var response = await SaveConcurrentlyAsync(CreateStore(), 200);

        await using var connection = await _database!.OpenAsync(Ct);
        await using var counts = new NpgsqlCommand("""
            SELECT count(*), count(DISTINCT (response_id, question_id)) FROM survey_answers WHERE response_id = @r
            """, connection);
        counts.Parameters.AddWithValue("r", response.Id);
        await using var reader = await counts.ExecuteReaderAsync(Ct);
        await reader.ReadAsync(Ct);
        Assert.Equal((200L, 200L), (reader.GetInt64(0), reader.GetInt64(1)));
        await reader.CloseAsync();

        // The constraint itself refuses a second row for the same question, whatever a store would do.
        await using var duplicate = new NpgsqlCommand("""
            INSERT INTO survey_answers (response_id, question_id, value_json, answered_at) VALUES (@r, 'q000', '{}', now())
            """, connection);
        duplicate.Parameters.AddWithValue("r", response.Id);
        var error = await Assert.ThrowsAsync<PostgresException>(() => duplicate.ExecuteNonQueryAsync(Ct));
        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
    }
}

public sealed class PostgresAuditLogStoreTests(PostgresCluster cluster) : AuditLogStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}

public sealed class PostgresStaffStoreTests(PostgresCluster cluster) : StaffStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}

public sealed class PostgresUnansweredReviewStoreTests(PostgresCluster cluster) : UnansweredReviewStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}

public sealed class PostgresStaffReportStoreTests(PostgresCluster cluster) : StaffReportStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}

public sealed class PostgresPrivacyStoreTests(PostgresCluster cluster) : PrivacyStoreConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    [Fact]
    public async Task Every_table_is_classified_as_personal_or_not()
    {
        await _database!.MigrateAsync(Ct);
        await using var connection = await _database.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'", connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Superset(PersonalTables.ToHashSet(), tables.ToHashSet());
        AssertEveryTableIsClassified(tables);
    }

    [Fact]
    public async Task Erasing_vacuums_every_table_it_changed_so_no_dead_row_keeps_what_was_erased()
    {
        await SeedAsync("p_alice", "convA");
        await SeedAsync("p_bob", "convB");
        var before = await VacuumCountsAsync();

        Assert.True(await Stores.Privacy.EraseAsync("p_alice", Ct) > 0);

        string[] changed = ["survey_answers", "survey_responses", "consents", "transcripts", "unanswered_questions", "state",
            "dl_activities", "dl_conversations", "participant_links"];
        var after = await VacuumCountsAfterAsync(before, changed);
        Assert.All(changed, table => Assert.True(after[table] > before[table], $"{table} was not vacuumed after the erasure"));
        // Alice had no Telegram chat: that table was not changed, so not vacuumed.
        Assert.Equal(before["processed_updates"], after["processed_updates"]);
    }

    [Fact]
    public async Task Purging_vacuums_the_tables_it_changed()
    {
        await Stores.Transcripts.AppendAsync(
            [new TranscriptEntry("directline/a", TranscriptEntry.Inbound, "1", T0, """{"text":"old"}""")], Ct);
        var before = await VacuumCountsAsync();

        Assert.Equal(1, await Stores.Privacy.PurgeOlderThanAsync(T0.AddDays(1), Ct));

        var after = await VacuumCountsAfterAsync(before, ["transcripts"]);
        Assert.True(after["transcripts"] > before["transcripts"]);
        Assert.Equal(before["unanswered_questions"], after["unanswered_questions"]);
    }

    /// <summary>Manual vacuums per table (autovacuum has a counter of its own), read in a transaction of its own.</summary>
    private async Task<Dictionary<string, long>> VacuumCountsAsync()
    {
        await using var connection = await _database!.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("SELECT relname, vacuum_count FROM pg_stat_user_tables", connection);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync(Ct))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>
    /// The counts once the vacuums of <paramref name="tables"/> show: at once from PostgreSQL 15 on (shared-memory
    /// statistics); older servers report through the statistics collector, a moment later.
    /// </summary>
    private async Task<Dictionary<string, long>> VacuumCountsAfterAsync(Dictionary<string, long> before, string[] tables)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var counts = await VacuumCountsAsync();
            if (tables.All(t => counts[t] > before[t]) || DateTime.UtcNow > deadline)
            {
                return counts;
            }

            await Task.Delay(100, Ct);
        }
    }

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}


public sealed class PostgresTurnCommitTests(PostgresCluster cluster) : TurnCommitConformance, IAsyncLifetime
{
    private PostgresDatabase? _database;

    protected override StoreSet Stores => StoreSet.Postgres(_database!, TimeProvider.System);

    public async ValueTask InitializeAsync() => _database = await cluster.OpenEmptyAsync(GetType());

    public async ValueTask DisposeAsync() => await (_database?.DisposeAsync() ?? ValueTask.CompletedTask);
}
