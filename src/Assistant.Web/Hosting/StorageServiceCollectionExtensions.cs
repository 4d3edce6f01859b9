using Assistant.Web.Storage;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Storage.Sqlite;

namespace Assistant.Web.Hosting;

public static class StorageServiceCollectionExtensions
{
    public const string DefaultSqliteConnectionString = "Data Source=data/assistant.db";

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        switch (options.Provider.Trim().ToLowerInvariant())
        {
            case "sqlite":
                var connectionString = configuration.GetConnectionString("Sqlite") is { Length: > 0 } cs ? cs : DefaultSqliteConnectionString;
                // Made by the container, so the container disposes it: queued writes commit and the writer's connection closes.
                services.AddSingleton(_ => new SqliteDatabase(connectionString, options.SqliteSynchronous, options.SqliteGroupCommit));
                StoreSet.Register(services, sp => StoreSet.Sqlite(sp.GetRequiredService<SqliteDatabase>(), sp.GetRequiredService<TimeProvider>(),
                    sp.GetService<ILoggerFactory>()));
                services.AddHostedService<SqliteMigrationService>();
                break;
            case "memory":
                StoreSet.Register(services, sp => StoreSet.Memory(sp.GetRequiredService<TimeProvider>()));
                break;
            case "postgres":
                var postgres = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    throw new InvalidOperationException(
                        "Storage:Provider is 'postgres' but ConnectionStrings:Postgres is empty. Set it in configuration or in the " +
                        "environment variable ConnectionStrings__Postgres, e.g. Host=db.internal;Port=5432;Database=assistant;Username=assistant;Password=….");
                }

                PostgresStorage.AddPostgresStorage(services, postgres);
                services.AddHealthChecks().AddCheck<ActivityRelayHealthCheck>("postgres-relay", tags: [HealthServiceCollectionExtensions.ReadyTag]);
                break;
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider '{options.Provider}' is unknown; use 'sqlite', 'postgres' or 'memory'.");
        }

        return services;
    }
}
