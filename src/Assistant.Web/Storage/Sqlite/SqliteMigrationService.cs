namespace Assistant.Web.Storage.Sqlite;

/// <summary>Takes the file for this server (<see cref="SqliteServerLock"/>) and brings the schema up to date, before anything else touches it.</summary>
public sealed class SqliteMigrationService(SqliteDatabase database, ILogger<SqliteMigrationService> logger) : IHostedService, IDisposable
{
    private SqliteServerLock? _lock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _lock = SqliteServerLock.Acquire(database.DataSource);
        if (await database.MigrateAsync(cancellationToken))
        {
            logger.LogInformation("SQLite file {DataSource} vacuumed once: rows deleted before secure_delete was on are overwritten",
                database.DataSource);
        }

        logger.LogInformation("SQLite storage ready at {DataSource} (synchronous={Synchronous})", database.DataSource, database.Synchronous);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _lock?.Dispose();
}
