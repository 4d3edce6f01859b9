using Assistant.Core.Conversation;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Dialogs;
using Assistant.Core.InMemory;
using Assistant.Core.Surveys.Publications;
using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Core.Privacy;
using Assistant.Core.Subscriptions;
using Assistant.Core.Surveys;
using Assistant.Core.Surveys.Invitations;
using Assistant.Core.TeamQuestions;
using Assistant.Core.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace Assistant.Core.Tests.Support;

/// <summary>The real turn pipeline over in-memory stores and the repository's real texts.</summary>
public sealed class TestBot
{
    private static readonly Lazy<TextCatalog> Texts = new(() => TextCatalogLoader.Load(TestPaths.DialogsFolder));
    private static readonly Lazy<KnowledgeMatcher> Matcher = new(() =>
    {
        var knowledge = KnowledgeLoader.Load(TestPaths.DialogsFolder);
        return new KnowledgeMatcher(knowledge, KnowledgeIndex.Build(knowledge));
    });

    private static readonly Lazy<SurveyCatalog> RepositorySurveys = new(() => SurveyLoader.Load(TestPaths.DialogsFolder));

    /// <summary>The repository's surveys, loaded once for all tests.</summary>
    public static SurveyCatalog Surveys => RepositorySurveys.Value;

    /// <summary>The repository's knowledge base, indexed once for all tests.</summary>
    public static KnowledgeMatcher Knowledge => Matcher.Value;

    public TestBot(IStateStore? state = null, IEnumerable<Dialog>? extraDialogs = null, IEnumerable<IGlobalCommand>? extraCommands = null,
        ISurveySource? surveys = null, ISurveyResponseStore? responses = null, TimeProvider? clock = null,
        ITranscriptStore? transcripts = null)
    {
        State = state ?? new InMemoryStateStore();
        SurveySource = surveys ?? new FixedSurveySource(RepositorySurveys.Value);
        Responses = responses ?? new InMemorySurveyResponseStore();
        // Erasing reaches the bot's own stores when they are in memory; a test's own state store keeps its documents.
        ParticipantData = new InMemoryPrivacyStore(State as InMemoryStateStore ?? new InMemoryStateStore(), Transcripts,
            Responses as InMemorySurveyResponseStore ?? new InMemorySurveyResponseStore(), Unanswered, Subscriptions);

        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton(clock ?? TimeProvider.System);
        services.AddSingleton<Func<TextCatalog>>(() => Texts.Value);
        services.AddSingleton<IKnowledgeSource>(new FixedKnowledgeSource(Matcher.Value));
        services.AddSingleton(SurveySource);
        services.AddSingleton(State);
        // A test's own transcript store (one that fails) takes the place of the in-memory one.
        services.AddSingleton<ITranscriptStore>(transcripts ?? Transcripts);
        services.AddSingleton<IUnansweredStore>(Unanswered);
        services.AddSingleton<IKnowledgeFeedbackStore>(Feedback);
        services.AddSingleton(Responses);
        services.AddSingleton<IPrivacyStore>(ParticipantData);
        Invitations = new InMemoryInvitationStore(Responses as InMemorySurveyResponseStore ?? new InMemorySurveyResponseStore());
        services.AddSingleton<IInvitationStore>(Invitations);
        services.AddSingleton<ISubscriptionStore>(Subscriptions);
        services.AddSingleton<ISurveyPublicationStore>(Publications);
        services.AddSingleton<ITeamQuestionStore>(TeamQuestions);
        services.Configure<ParticipantOptions>(o => o.KeySecret = "test-participant-secret");
        // A test's own commands are tried before the assistant's, as they are registered first.
        foreach (var command in extraCommands ?? [])
        {
            services.AddSingleton(command);
        }

        foreach (var dialog in extraDialogs ?? [])
        {
            services.AddSingleton(dialog);
        }

        services.AddAssistantCore();
        var provider = services.BuildServiceProvider();
        Processor = provider.GetRequiredService<TurnProcessor>();
        Participants = provider.GetRequiredService<ParticipantKeys>();
        InvitationCodes = provider.GetRequiredService<InvitationCodes>();
        Gate = provider.GetRequiredService<ConversationGate>();
        Metrics = provider.GetRequiredService<AssistantMetrics>();
    }

    public IStateStore State { get; }

    public InMemoryInvitationStore Invitations { get; }

    public InMemorySubscriptionStore Subscriptions { get; } = new();

    public InMemorySurveyPublicationStore Publications { get; } = new();

    public InvitationCodes InvitationCodes { get; }
    public InMemoryTranscriptStore Transcripts { get; } = new();
    public InMemoryUnansweredStore Unanswered { get; } = new();
    public InMemoryKnowledgeFeedbackStore Feedback { get; } = new();
    public InMemoryTeamQuestionStore TeamQuestions { get; } = new();
    public ISurveySource SurveySource { get; }
    public ISurveyResponseStore Responses { get; }
    public ParticipantKeys Participants { get; }
    public InMemoryPrivacyStore ParticipantData { get; }
    public ConversationGate Gate { get; }
    public TurnProcessor Processor { get; }
    public AssistantMetrics Metrics { get; }
    public TextCatalog TextCatalog => Texts.Value;
}
