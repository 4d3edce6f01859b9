using Assistant.Core.Storage;
using Assistant.Core.Storage.InMemory;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Storage.Sqlite;

namespace Assistant.Web.Tests.Storage;

/// <summary>Every store of one provider over the same storage, for suites whose stores read each other's data.</summary>
public sealed record StoreSet(
    IStateStore State,
    IActivityLogStore ActivityLog,
    ITranscriptStore Transcripts,
    IUnansweredStore Unanswered,
    ISurveyResponseStore Surveys,
    IProcessedUpdateStore ProcessedUpdates,
    IParticipantDataStore Participants,
    IRetentionStore Retention,
    IStaffStore Staff,
    IAuditLogStore Audit,
    IUnansweredReviewStore UnansweredReview,
    IStaffReportStore Reports)
{
    public static StoreSet Memory(TimeProvider clock)
    {
        var state = new InMemoryStateStore();
        var log = new InMemoryActivityLogStore(clock);
        var transcripts = new InMemoryTranscriptStore();
        var unanswered = new InMemoryUnansweredStore();
        var surveys = new InMemorySurveyResponseStore();
        return new StoreSet(state, log, transcripts, unanswered, surveys, new InMemoryProcessedUpdateStore(),
            new InMemoryParticipantDataStore(state, transcripts, log, surveys, unanswered),
            new InMemoryRetentionStore(transcripts, unanswered, log),
            new InMemoryStaffStore(), new InMemoryAuditLogStore(), new InMemoryUnansweredReviewStore(unanswered),
            new InMemoryStaffReportStore(surveys, transcripts));
    }

    public static StoreSet Sqlite(SqliteDatabase database, TimeProvider clock)
    {
        var surveys = new SqliteSurveyResponseStore(database);
        return new StoreSet(new SqliteStateStore(database, clock), new SqliteActivityLogStore(database, clock),
            new SqliteTranscriptStore(database), new SqliteUnansweredStore(database), surveys, new SqliteProcessedUpdateStore(database),
            new SqliteParticipantDataStore(database, surveys), new SqliteRetentionStore(database), new SqliteStaffStore(database),
            new SqliteAuditLogStore(database), new SqliteUnansweredReviewStore(database), new SqliteStaffReportStore(database));
    }

    public static StoreSet Postgres(PostgresDatabase database, TimeProvider clock)
    {
        var surveys = new PostgresSurveyResponseStore(database);
        return new StoreSet(new PostgresStateStore(database, clock), new PostgresActivityLogStore(database, clock),
            new PostgresTranscriptStore(database), new PostgresUnansweredStore(database), surveys, new PostgresProcessedUpdateStore(database),
            new PostgresParticipantDataStore(database, surveys), new PostgresRetentionStore(database), new PostgresStaffStore(database),
            new PostgresAuditLogStore(database), new PostgresUnansweredReviewStore(database), new PostgresStaffReportStore(database));
    }
}
