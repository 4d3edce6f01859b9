using Assistant.Core.Knowledge;
using Assistant.Core.Surveys;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.Sqlite;
using Assistant.Web.Storage;

namespace Assistant.Web.Tests.Storage;

// The conformance suites over a real SQLite file per test (WAL, synchronous=FULL), as the default provider runs.

public sealed class SqliteStateStoreTests : StateStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IStateStore CreateStore() => new SqliteStateStore(_file.Database, TimeProvider.System);
}

public sealed class SqliteActivityLogStoreTests : ActivityLogStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IActivityLogStore CreateStore(TimeProvider clock) => new SqliteActivityLogStore(_file.Database, clock);
}

public sealed class SqliteTranscriptStoreTests : TranscriptStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override ITranscriptStore CreateStore() => new SqliteTranscriptStore(_file.Database);
}

public sealed class SqliteUnansweredStoreTests : UnansweredStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IUnansweredStore CreateStore() => new SqliteUnansweredStore(_file.Database);
}

public sealed class SqliteProcessedUpdateStoreRaceTests : ProcessedUpdateStoreRaceConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IProcessedUpdateStore CreateStore() => new SqliteProcessedUpdateStore(_file.Database);
}

public sealed class SqliteAuditLogStoreTests : AuditLogStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class SqliteStaffStoreTests : StaffStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class SqliteUnansweredReviewStoreTests : UnansweredReviewStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class SqliteStaffReportStoreTests : StaffReportStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class SqlitePrivacyStoreTests : PrivacyStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    [Fact]
    public async Task Every_table_is_classified_as_personal_or_not()
    {
        await using var connection = await _file.Database.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
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

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

// The same suites with Storage:SqliteGroupCommit=false: every write in a transaction of its own on a pooled connection.

public sealed class SqliteStateStoreWithoutGroupCommitTests : StateStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync(groupCommit: false);

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IStateStore CreateStore() => new SqliteStateStore(_file.Database, TimeProvider.System);
}

public sealed class SqliteActivityLogStoreWithoutGroupCommitTests : ActivityLogStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync(groupCommit: false);

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override IActivityLogStore CreateStore(TimeProvider clock) => new SqliteActivityLogStore(_file.Database, clock);
}

public sealed class SqliteSurveyResponseStoreWithoutGroupCommitTests : SurveyResponseStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync(groupCommit: false);

    public ValueTask DisposeAsync() => _file.DisposeAsync();

    protected override ISurveyResponseStore CreateStore() => new SqliteSurveyResponseStore(_file.Database);
}

public sealed class SqlitePrivacyStoreWithoutGroupCommitTests : PrivacyStoreConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync(groupCommit: false);

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class SqliteTurnCommitTests : TurnCommitConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync();

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}

public sealed class SqliteTurnCommitWithoutGroupCommitTests : TurnCommitConformance, IAsyncLifetime
{
    private SqliteTestFile _file = null!;

    protected override StoreSet Stores => StoreSet.Sqlite(_file.Database, TimeProvider.System);

    public async ValueTask InitializeAsync() => _file = await SqliteTestFile.CreateAsync(groupCommit: false);

    public ValueTask DisposeAsync() => _file.DisposeAsync();
}
