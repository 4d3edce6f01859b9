using Assistant.Core.Content;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Dialogs.Prompts;
using Assistant.Core.Knowledge;
using Assistant.Core.Localization;
using Assistant.Core.Storage;
using Assistant.Core.Storage.InMemory;
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

    /// <summary>The repository's knowledge base, indexed once for all tests.</summary>
    public static KnowledgeMatcher Knowledge => Matcher.Value;

    public TestBot(IStateStore? state = null, IEnumerable<Dialog>? extraDialogs = null, IEnumerable<IGlobalCommand>? extraCommands = null)
    {
        State = state ?? new InMemoryStateStore();
        var dialogs = new DialogRegistry(new Dialog[] { new ChoicePrompt(), new TextPrompt(), new LanguageDialog() }
            .Concat(extraDialogs ?? []));
        var commands = (extraCommands ?? []).Concat(new IGlobalCommand[]
        {
            new HelpCommand(), new LanguageCommand(), new CancelCommand(), new RestartCommand(), new MenuCommand(),
        });
        var root = new RootDialog(new KnowledgeResponder(new FixedKnowledgeSource(Matcher.Value), Unanswered));
        Processor = new TurnProcessor(State, Transcripts, dialogs, root, commands, () => Texts.Value,
            Gate, BotIdentity.Default, TimeProvider.System, NullLogger<TurnProcessor>.Instance);
    }

    public IStateStore State { get; }
    public InMemoryTranscriptStore Transcripts { get; } = new();
    public InMemoryUnansweredStore Unanswered { get; } = new();
    public ConversationGate Gate { get; } = new();
    public TurnProcessor Processor { get; }
    public TextCatalog TextCatalog => Texts.Value;
}
