namespace Assistant.Web.Storage.Sqlite;

/// <summary>Brings the SQLite schema up to date before anything else touches the file.</summary>
public sealed class SqliteMigrationService(SqliteDatabase database, ILogger<SqliteMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await database.MigrateAsync(cancellationToken))
        {
            logger.LogInformation("SQLite file {DataSource} vacuumed once: rows deleted before secure_delete was on are overwritten",
                database.DataSource);
        }

        logger.LogInformation("SQLite storage ready at {DataSource} (synchronous={Synchronous})", database.DataSource, database.Synchronous);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
