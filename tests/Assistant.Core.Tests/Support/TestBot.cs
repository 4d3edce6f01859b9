using Assistant.Core.Content;
using Assistant.Core.Conversation;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.InMemory;
using Assistant.Core.Knowledge;
using Assistant.Core.Language;
using Assistant.Core.Privacy;
using Assistant.Core.Surveys;
using Assistant.Core.Turns;
using Microsoft.Extensions.Logging.Abstractions;

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
        ISurveySource? surveys = null, ISurveyResponseStore? responses = null, TimeProvider? clock = null)
    {
        State = state ?? new InMemoryStateStore();
        SurveySource = surveys ?? new FixedSurveySource(RepositorySurveys.Value);
        Responses = responses ?? new InMemorySurveyResponseStore();
        ParticipantData = State is InMemoryStateStore memoryState && Responses is InMemorySurveyResponseStore memoryResponses
            ? new InMemoryPrivacyStore(memoryState, Transcripts, memoryResponses, Unanswered)
            : null;
        var knowledge = new FixedKnowledgeSource(Matcher.Value);
        var commands = (extraCommands ?? []).Concat(new IGlobalCommand[]
        {
            new HelpCommand(), new LanguageCommand(), new CancelCommand(),
            new Assistant.Core.Privacy.MyDataCommand(ParticipantData ?? new InMemoryPrivacyStore(new InMemoryStateStore(), Transcripts, new InMemorySurveyResponseStore(), new InMemoryUnansweredStore()), SurveySource),
            new Assistant.Core.Privacy.ForgetCommand(), new SurveyCommand(SurveySource), new RestartCommand(),
            new MenuCommand(),
        }).ToList();
        var dialogs = new DialogRegistry(new Dialog[]
            {
                new ChoicePrompt(), new TextPrompt(), new LanguageDialog(),
                new SurveyDialog(SurveySource, Responses, Participants, knowledge),
                new Assistant.Core.Privacy.ForgetDialog(ParticipantData ?? new InMemoryPrivacyStore(new InMemoryStateStore(), Transcripts, new InMemorySurveyResponseStore(), new InMemoryUnansweredStore())),
            }
            .Concat(extraDialogs ?? []));
        var root = new RootDialog(new KnowledgeResponder(knowledge, Unanswered, Feedback, commands), SurveySource);
        Processor = new TurnProcessor(State, Transcripts, dialogs, root, commands, () => Texts.Value,
            Gate, BotIdentity.Default, clock ?? TimeProvider.System, NullLogger<TurnProcessor>.Instance, ParticipantData, Participants);
    }

    public IStateStore State { get; }
    public InMemoryTranscriptStore Transcripts { get; } = new();
    public InMemoryUnansweredStore Unanswered { get; } = new();
    public InMemoryKnowledgeFeedbackStore Feedback { get; } = new();
    public ISurveySource SurveySource { get; }
    public ISurveyResponseStore Responses { get; }
    public ParticipantKeys Participants { get; } = new("test-participant-secret");
    public InMemoryPrivacyStore? ParticipantData { get; }
    public ConversationGate Gate { get; } = new();
    public TurnProcessor Processor { get; }
    public TextCatalog TextCatalog => Texts.Value;
}
