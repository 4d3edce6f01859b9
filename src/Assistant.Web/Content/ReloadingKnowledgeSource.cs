using System.Diagnostics;

namespace Assistant.Web.Content;

/// <summary>
/// The knowledge base of <c>dialogs/knowledge/</c> with the lexicon and the out-of-scope samples, indexed, reloaded when
/// any of their files changes.
/// </summary>
public sealed class ReloadingKnowledgeSource(string dialogsFolder, bool watch, ILogger<ReloadingKnowledgeSource> logger)
    : IKnowledgeSource, IDisposable
{
    private readonly ReloadingContent<KnowledgeMatcher> _content = new("Knowledge base",
        Path.Combine(dialogsFolder, KnowledgeLoader.KnowledgeFolderName),
        () =>
        {
            var started = Stopwatch.GetTimestamp();
            var knowledge = KnowledgeLoader.Load(dialogsFolder);
            var loaded = Stopwatch.GetTimestamp();
            var index = KnowledgeIndex.Build(knowledge);
            logger.LogInformation("Knowledge base read in {LoadMs:F0} ms, indexed in {IndexMs:F0} ms",
                Stopwatch.GetElapsedTime(started, loaded).TotalMilliseconds, Stopwatch.GetElapsedTime(loaded).TotalMilliseconds);
            return new KnowledgeMatcher(knowledge, index);
        },
        m => $"version {m.Knowledge.Version}, {m.Knowledge.Entries.Count} entries", watch, logger,
        [Path.Combine(dialogsFolder, LexiconLoader.FileName), Path.Combine(dialogsFolder, OutOfScopeLoader.FileName)]);

    public KnowledgeMatcher Current => _content.Current;

    public bool Reload() => _content.Reload();

    public void Dispose() => _content.Dispose();
}
