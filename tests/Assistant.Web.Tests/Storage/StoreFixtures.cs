using Assistant.Web.Storage.Postgres;
using Assistant.Web.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Assistant.Web.Tests.Storage;

/// <summary>A real SQLite file (WAL, synchronous=FULL) in a temporary folder of its own, migrated; deleted on dispose.</summary>
public sealed class SqliteTestFile : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("assistant-store-").FullName;

    private SqliteTestFile(bool groupCommit)
    {
        Database = new SqliteDatabase($"Data Source={Path.Combine(_folder, "assistant.db")}", groupCommit: groupCommit);
    }

    public SqliteDatabase Database { get; }

    /// <summary>The file's path, for connections of a test's own (as another process would open it).</summary>
    public string FilePath => Database.DataSource;

    public static async Task<SqliteTestFile> CreateAsync(bool groupCommit = true)
    {
        var file = new SqliteTestFile(groupCommit);
        await file.Database.MigrateAsync(TestContext.Current.CancellationToken);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        // The writer's own connection first, then only this file's pooled ones: other tests use other files alongside.
        await Database.DisposeAsync();
        await using (var connection = await Database.OpenAsync(CancellationToken.None))
        {
            SqliteConnection.ClearPool(connection);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

public static class PostgresStoreDatabase
{
    /// <summary>
    /// The test class's database in the shared cluster (created and migrated once per class), emptied for this test,
    /// with a pool of its own. Skips the test, or fails it under CI, when PostgreSQL is not there.
    /// </summary>
    public static async Task<PostgresDatabase> OpenEmptyAsync(this PostgresCluster cluster, Type testClass)
    {
        var connectionString = await cluster.DatabaseForClassAsync(testClass);
        await PostgresCluster.TruncateAsync(connectionString);
        return new PostgresDatabase(connectionString);
    }
}
