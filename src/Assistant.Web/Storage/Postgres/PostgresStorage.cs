using Npgsql;

namespace Assistant.Web.Storage.Postgres;

/// <summary>The <c>postgres</c> storage provider: every store over one shared database, migrations, the activity relay.</summary>
public static class PostgresStorage
{
    public static IServiceCollection AddPostgresStorage(this IServiceCollection services, string connectionString)
    {
        // Parsed now so a malformed string fails at start-up with its own message; the container owns (and disposes) the pool.
        _ = new NpgsqlConnectionStringBuilder(connectionString);
        services.AddSingleton(_ => new PostgresDatabase(connectionString));
        StoreSet.Register(services, sp => StoreSet.Postgres(sp.GetRequiredService<PostgresDatabase>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        // Before every other hosted service that reads storage (the Direct Line runner resumes turns at start).
        services.AddHostedService<PostgresMigrationService>();
        services.AddSingleton<PostgresActivityRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresActivityRelay>());
        return services;
    }
}
