using Assistant.Core.Storage;
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
        services.AddSingleton<IStateStore, PostgresStateStore>();
        services.AddSingleton<IActivityLogStore, PostgresActivityLogStore>();
        services.AddSingleton<ITranscriptStore, PostgresTranscriptStore>();
        services.AddSingleton<IUnansweredStore, PostgresUnansweredStore>();
        services.AddSingleton<IKnowledgeFeedbackStore, PostgresKnowledgeFeedbackStore>();
        services.AddSingleton<IProcessedUpdateStore, PostgresProcessedUpdateStore>();
        services.AddSingleton<ISurveyResponseStore, PostgresSurveyResponseStore>();
        services.AddSingleton<IParticipantDataStore, PostgresParticipantDataStore>();
        services.AddSingleton<IRetentionStore, PostgresRetentionStore>();
        services.AddSingleton<IStaffStore, PostgresStaffStore>();
        services.AddSingleton<IAuditLogStore, PostgresAuditLogStore>();
        services.AddSingleton<IUnansweredReviewStore, PostgresUnansweredReviewStore>();
        services.AddSingleton<IStaffReportStore, PostgresStaffReportStore>();
        // Before every other hosted service that reads storage (the Direct Line runner resumes turns at start).
        services.AddHostedService<PostgresMigrationService>();
        services.AddSingleton<PostgresActivityRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresActivityRelay>());
        return services;
    }
}
