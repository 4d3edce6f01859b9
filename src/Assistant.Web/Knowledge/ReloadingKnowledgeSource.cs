using Assistant.Core.Knowledge;
using Assistant.Web.Content;

namespace Assistant.Web.Knowledge;

/// <summary>The knowledge base of <c>dialogs/knowledge/</c>, indexed, reloaded when its files change.</summary>
public sealed class ReloadingKnowledgeSource(string dialogsFolder, bool watch, ILogger<ReloadingKnowledgeSource> logger)
    : IKnowledgeSource, IDisposable
{
    private readonly ReloadingContent<KnowledgeMatcher> _content = new("Knowledge base",
        Path.Combine(dialogsFolder, KnowledgeLoader.KnowledgeFolderName),
        () =>
        {
            var knowledge = KnowledgeLoader.Load(dialogsFolder);
            return new KnowledgeMatcher(knowledge, KnowledgeIndex.Build(knowledge));
        },
        m => $"version {m.Knowledge.Version}, {m.Knowledge.Entries.Count} entries", watch, logger);

    public KnowledgeMatcher Current => _content.Current;

    public bool Reload() => _content.Reload();

    public void Dispose() => _content.Dispose();
}
