using Assistant.Core.Content;
using Assistant.Core.Dialogs;
using Assistant.Core.Dialogs.Commands;
using Assistant.Core.Dialogs.Prompts;
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

    public TestBot(IStateStore? state = null, IEnumerable<Dialog>? extraDialogs = null, IEnumerable<IGlobalCommand>? extraCommands = null)
    {
        State = state ?? new InMemoryStateStore();
        var dialogs = new DialogRegistry(new Dialog[] { new ChoicePrompt(), new TextPrompt(), new LanguageDialog() }
            .Concat(extraDialogs ?? []));
        var commands = (extraCommands ?? []).Concat(new IGlobalCommand[]
        {
            new HelpCommand(), new LanguageCommand(), new CancelCommand(), new RestartCommand(), new MenuCommand(),
        });
        Processor = new TurnProcessor(State, Transcripts, dialogs, new RootDialog(), commands, () => Texts.Value,
            Gate, BotIdentity.Default, TimeProvider.System, NullLogger<TurnProcessor>.Instance);
    }

    public IStateStore State { get; }
    public InMemoryTranscriptStore Transcripts { get; } = new();
    public ConversationGate Gate { get; } = new();
    public TurnProcessor Processor { get; }
    public TextCatalog TextCatalog => Texts.Value;
}
