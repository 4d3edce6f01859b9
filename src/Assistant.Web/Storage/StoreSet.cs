using Assistant.Core.InMemory;
using Assistant.Core.Knowledge;
using Assistant.Core.Privacy;
using Assistant.Core.Subscriptions;
using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Assistant.Core.Surveys.Publications;
using Assistant.Core.TeamQuestions;
using Assistant.Web.Admin.Stores;
using Assistant.Web.Announcements;
using Assistant.Web.Channels.DirectLine;
using Assistant.Web.Channels.Telegram;
using Assistant.Web.Storage.InMemory;
using Assistant.Web.Storage.Postgres;
using Assistant.Web.Storage.Sqlite;

namespace Assistant.Web.Storage;

/// <summary>
/// Every store of one backend over the same storage: the unit the server registers (<see cref="Register"/>) and the
/// tests build. A new store is one member here, one line in each factory and one in <see cref="Register"/>.
/// </summary>
public sealed record StoreSet(
    IStateStore State,
    IActivityLogStore ActivityLog,
    ITranscriptStore Transcripts,
    IUnansweredStore Unanswered,
    IKnowledgeFeedbackStore KnowledgeFeedback,
    ISurveyResponseStore Surveys,
    IProcessedUpdateStore ProcessedUpdates,
    IPrivacyStore Privacy,
    IStaffStore Staff,
    IAuditLogStore Audit,
    IUnansweredReviewStore UnansweredReview,
    IStaffReportStore Reports,
    IInvitationStore Invitations,
    ISubscriptionStore Subscriptions,
    ITeamQuestionStore TeamQuestions,
    IAnnouncementStore Announcements,
    ITurnCommitStore TurnCommits,
    ISurveyPublicationStore Publications)
{
    public static StoreSet Memory(TimeProvider clock)
    {
        var state = new InMemoryStateStore();
        var transcripts = new InMemoryTranscriptStore();
        var log = new InMemoryActivityLogStore(clock, state, transcripts);
        var unanswered = new InMemoryUnansweredStore();
        var surveys = new InMemorySurveyResponseStore();
        var updates = new InMemoryProcessedUpdateStore();
        var subscriptions = new InMemorySubscriptionStore();
        var teamQuestions = new InMemoryTeamQuestionStore();
        var announcements = new InMemoryAnnouncementStore();
        return new StoreSet(state, log, transcripts, unanswered, new InMemoryKnowledgeFeedbackStore(), surveys, updates,
            new InMemoryWebPrivacyStore(state, transcripts, surveys, unanswered, log, updates, subscriptions, teamQuestions, announcements),
            new InMemoryStaffStore(), new InMemoryAuditLogStore(), new InMemoryUnansweredReviewStore(unanswered),
            new InMemoryStaffReportStore(surveys, transcripts), new InMemoryInvitationStore(surveys),
            subscriptions, teamQuestions, announcements, new InMemoryTurnCommitStore(state, transcripts), new InMemorySurveyPublicationStore());
    }

    /// <param name="loggers">For what the stores log besides failing (the privacy store's checkpoint); none in most tests.</param>
    public static StoreSet Sqlite(SqliteDatabase database, TimeProvider clock, ILoggerFactory? loggers = null)
    {
        var surveys = new SqliteSurveyResponseStore(database);
        return new StoreSet(new SqliteStateStore(database, clock), new SqliteActivityLogStore(database, clock),
            new SqliteTranscriptStore(database), new SqliteUnansweredStore(database), new SqliteKnowledgeFeedbackStore(database),
            surveys, new SqliteProcessedUpdateStore(database),
            new SqlitePrivacyStore(database, surveys, loggers?.CreateLogger<SqlitePrivacyStore>()), new SqliteStaffStore(database),
            new SqliteAuditLogStore(database), new SqliteUnansweredReviewStore(database), new SqliteStaffReportStore(database),
            new SqliteInvitationStore(database), new SqliteSubscriptionStore(database), new SqliteTeamQuestionStore(database),
            new SqliteAnnouncementStore(database), new SqliteTurnCommitStore(database, clock), new SqliteSurveyPublicationStore(database));
    }

    /// <param name="loggers">For what the stores log besides failing (the privacy store's vacuum); none in most tests.</param>
    public static StoreSet Postgres(PostgresDatabase database, TimeProvider clock, ILoggerFactory? loggers = null)
    {
        var surveys = new PostgresSurveyResponseStore(database);
        return new StoreSet(new PostgresStateStore(database, clock), new PostgresActivityLogStore(database, clock),
            new PostgresTranscriptStore(database), new PostgresUnansweredStore(database), new PostgresKnowledgeFeedbackStore(database),
            surveys, new PostgresProcessedUpdateStore(database),
            new PostgresPrivacyStore(database, surveys, loggers?.CreateLogger<PostgresPrivacyStore>()), new PostgresStaffStore(database),
            new PostgresAuditLogStore(database), new PostgresUnansweredReviewStore(database), new PostgresStaffReportStore(database),
            new PostgresInvitationStore(database), new PostgresSubscriptionStore(database), new PostgresTeamQuestionStore(database),
            new PostgresAnnouncementStore(database), new PostgresTurnCommitStore(database, clock), new PostgresSurveyPublicationStore(database));
    }

    /// <summary>Registers the set (made once, by <paramref name="create"/>) and each of its stores under its contract.</summary>
    public static IServiceCollection Register(IServiceCollection services, Func<IServiceProvider, StoreSet> create)
    {
        services.AddSingleton(create);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().State);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().ActivityLog);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Transcripts);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Unanswered);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().KnowledgeFeedback);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Surveys);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().ProcessedUpdates);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Privacy);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Staff);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Audit);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().UnansweredReview);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Reports);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Invitations);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Subscriptions);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().TeamQuestions);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Announcements);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().TurnCommits);
        services.AddSingleton(sp => sp.GetRequiredService<StoreSet>().Publications);
        return services;
    }
}
