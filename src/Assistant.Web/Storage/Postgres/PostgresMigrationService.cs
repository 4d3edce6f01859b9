namespace Assistant.Web.Storage.Postgres;

/// <summary>Brings the PostgreSQL schema up to date before anything else touches the database.</summary>
public sealed class PostgresMigrationService(PostgresDatabase database, ILogger<PostgresMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var version = await database.MigrateAsync(cancellationToken);
        if (version > PostgresMigrations.All.Count)
        {
            logger.LogWarning("The PostgreSQL schema is at version {Version}, newer than this build knows ({Known})",
                version, PostgresMigrations.All.Count);
        }

        logger.LogInformation("PostgreSQL storage ready at {Database} (schema version {Version})", database.Description, version);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
