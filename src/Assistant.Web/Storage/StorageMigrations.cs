using Assistant.Web.Storage.Postgres;
using Assistant.Web.Storage.Sqlite;

namespace Assistant.Web.Storage;

/// <summary>Schema upkeep for code that runs outside the server's hosted services (the staff command line).</summary>
public static class StorageMigrations
{
    /// <summary>Brings whichever database is registered up to date; the in-memory backend has nothing to migrate.</summary>
    public static async Task MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<SqliteDatabase>() is { } sqlite)
        {
            await sqlite.MigrateAsync(cancellationToken);
        }

        if (services.GetService<PostgresDatabase>() is { } postgres)
        {
            await postgres.MigrateAsync(cancellationToken);
        }
    }
}
