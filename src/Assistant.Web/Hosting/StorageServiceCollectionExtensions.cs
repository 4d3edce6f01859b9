using Assistant.Core.Storage;
using Assistant.Core.Storage.InMemory;
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
                services.AddSingleton(new SqliteDatabase(connectionString, options.SqliteSynchronous));
                services.AddSingleton<IStateStore, SqliteStateStore>();
                services.AddSingleton<IActivityLogStore, SqliteActivityLogStore>();
                services.AddSingleton<ITranscriptStore, SqliteTranscriptStore>();
                services.AddSingleton<IUnansweredStore, SqliteUnansweredStore>();
                services.AddSingleton<IProcessedUpdateStore, SqliteProcessedUpdateStore>();
                services.AddSingleton<ISurveyResponseStore, SqliteSurveyResponseStore>();
                services.AddHostedService<SqliteMigrationService>();
                break;
            case "memory":
                services.AddSingleton<IStateStore, InMemoryStateStore>();
                services.AddSingleton<IActivityLogStore>(sp => new InMemoryActivityLogStore(sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton<ITranscriptStore, InMemoryTranscriptStore>();
                services.AddSingleton<IUnansweredStore, InMemoryUnansweredStore>();
                services.AddSingleton<IProcessedUpdateStore, InMemoryProcessedUpdateStore>();
                services.AddSingleton<ISurveyResponseStore, InMemorySurveyResponseStore>();
                break;
            case "postgres":
                throw new NotSupportedException("Storage:Provider 'postgres' is not available in this version; use 'sqlite'.");
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider '{options.Provider}' is unknown; use 'sqlite', 'postgres' or 'memory'.");
        }

        return services;
    }
}
