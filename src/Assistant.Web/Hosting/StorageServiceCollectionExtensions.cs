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
                // Made by the container, so the container disposes it: queued writes commit and the writer's connection closes.
                services.AddSingleton(_ => new SqliteDatabase(connectionString, options.SqliteSynchronous, options.SqliteGroupCommit));
                services.AddSingleton<IStateStore, SqliteStateStore>();
                services.AddSingleton<IActivityLogStore, SqliteActivityLogStore>();
                services.AddSingleton<ITranscriptStore, SqliteTranscriptStore>();
                services.AddSingleton<IUnansweredStore, SqliteUnansweredStore>();
                services.AddSingleton<IKnowledgeFeedbackStore, SqliteKnowledgeFeedbackStore>();
                services.AddSingleton<IProcessedUpdateStore, SqliteProcessedUpdateStore>();
                services.AddSingleton<ISurveyResponseStore, SqliteSurveyResponseStore>();
                services.AddSingleton<IParticipantDataStore, SqliteParticipantDataStore>();
                services.AddSingleton<IRetentionStore, SqliteRetentionStore>();
                services.AddSingleton<IStaffStore, SqliteStaffStore>();
                services.AddSingleton<IAuditLogStore, SqliteAuditLogStore>();
                services.AddSingleton<IUnansweredReviewStore, SqliteUnansweredReviewStore>();
                services.AddSingleton<IStaffReportStore, SqliteStaffReportStore>();
                services.AddHostedService<SqliteMigrationService>();
                break;
            case "memory":
                services.AddSingleton<IStateStore, InMemoryStateStore>();
                services.AddSingleton<IActivityLogStore>(sp => new InMemoryActivityLogStore(sp.GetRequiredService<TimeProvider>()));
                services.AddSingleton<ITranscriptStore, InMemoryTranscriptStore>();
                services.AddSingleton<IUnansweredStore, InMemoryUnansweredStore>();
                services.AddSingleton<IKnowledgeFeedbackStore, InMemoryKnowledgeFeedbackStore>();
                services.AddSingleton<IProcessedUpdateStore, InMemoryProcessedUpdateStore>();
                services.AddSingleton<ISurveyResponseStore, InMemorySurveyResponseStore>();
                services.AddSingleton<IParticipantDataStore>(sp => new InMemoryParticipantDataStore(
                    (InMemoryStateStore)sp.GetRequiredService<IStateStore>(), (InMemoryTranscriptStore)sp.GetRequiredService<ITranscriptStore>(),
                    (InMemoryActivityLogStore)sp.GetRequiredService<IActivityLogStore>(),
                    (InMemorySurveyResponseStore)sp.GetRequiredService<ISurveyResponseStore>(),
                    (InMemoryUnansweredStore)sp.GetRequiredService<IUnansweredStore>()));
                services.AddSingleton<IRetentionStore>(sp => new InMemoryRetentionStore(
                    (InMemoryTranscriptStore)sp.GetRequiredService<ITranscriptStore>(), (InMemoryUnansweredStore)sp.GetRequiredService<IUnansweredStore>(),
                    (InMemoryActivityLogStore)sp.GetRequiredService<IActivityLogStore>()));
                services.AddSingleton<IStaffStore, InMemoryStaffStore>();
                services.AddSingleton<IAuditLogStore, InMemoryAuditLogStore>();
                services.AddSingleton<IUnansweredReviewStore>(sp => new InMemoryUnansweredReviewStore(sp.GetRequiredService<IUnansweredStore>()));
                services.AddSingleton<IStaffReportStore>(sp => new InMemoryStaffReportStore(sp.GetRequiredService<ISurveyResponseStore>(), sp.GetRequiredService<ITranscriptStore>()));
                break;
            case "postgres":
                var postgres = configuration.GetConnectionString("Postgres");
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    throw new InvalidOperationException(
                        "Storage:Provider is 'postgres' but ConnectionStrings:Postgres is empty. Set it in configuration or in the " +
                        "environment variable ConnectionStrings__Postgres, e.g. Host=db.internal;Port=5432;Database=assistant;Username=assistant;Password=….");
                }

                Assistant.Web.Storage.Postgres.PostgresStorage.AddPostgresStorage(services, postgres);
                break;
            default:
                throw new InvalidOperationException(
                    $"Storage:Provider '{options.Provider}' is unknown; use 'sqlite', 'postgres' or 'memory'.");
        }

        return services;
    }
}
