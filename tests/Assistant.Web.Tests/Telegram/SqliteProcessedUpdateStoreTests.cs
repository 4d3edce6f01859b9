using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Telegram;

/// <summary>The conformance suite over a real SQLite file, plus what only a file can show: claims outlive the process.</summary>
public sealed class SqliteProcessedUpdateStoreTests : ProcessedUpdateStoreConformance, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("assistant-telegram-").FullName;
    private SqliteDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await OpenDatabaseAsync();

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    protected override IProcessedUpdateStore CreateStore() => new SqliteProcessedUpdateStore(_database);

    [Fact]
    public async Task Claims_and_completions_outlive_a_restart()
    {
        var store = CreateStore();
        await store.TryClaimAsync(Update(1, T0), Ct);
        await store.TryClaimAsync(Update(2, T0), Ct);
        await store.CompleteAsync(Source, 1, T0.AddSeconds(1), Ct);

        await _database.DisposeAsync();
        SqliteConnection.ClearAllPools();
        _database = await OpenDatabaseAsync();
        var restarted = CreateStore();

        Assert.False(await restarted.TryClaimAsync(Update(1, T0.AddMinutes(1)), Ct));
        Assert.False(await restarted.TryClaimAsync(Update(2, T0.AddMinutes(1)), Ct));
        Assert.Equal([Update(2, T0)], await restarted.ListStaleAsync(Source, T0.AddMinutes(5), 10, Ct));
    }

    private async Task<SqliteDatabase> OpenDatabaseAsync()
    {
        var database = new SqliteDatabase($"Data Source={Path.Combine(_folder, "assistant.db")}");
        await database.MigrateAsync(Ct);
        return database;
    }
}
