using Assistant.Core.Content;
using Assistant.Core.Knowledge;

namespace Assistant.Web.Knowledge;

/// <summary>
/// The knowledge base from <c>dialogs/knowledge/</c>: loaded and indexed at start-up (a broken file stops the start),
/// reloaded when a file changes (a broken change is refused and logged; the last good content keeps serving).
/// </summary>
public sealed class ReloadingKnowledgeSource : IKnowledgeSource, IDisposable
{
    private readonly string _dialogsFolder;
    private readonly ILogger<ReloadingKnowledgeSource> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Timer _debounce;
    private KnowledgeMatcher _current;

    public ReloadingKnowledgeSource(string dialogsFolder, bool watch, ILogger<ReloadingKnowledgeSource> logger)
    {
        _dialogsFolder = dialogsFolder;
        _logger = logger;
        _current = Build(dialogsFolder);
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        if (watch)
        {
            _watcher = new FileSystemWatcher(Path.Combine(dialogsFolder, "knowledge"), "*.yaml")
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
                EnableRaisingEvents = true,
            };
            _watcher.Changed += (_, _) => ScheduleReload();
            _watcher.Created += (_, _) => ScheduleReload();
            _watcher.Deleted += (_, _) => ScheduleReload();
            _watcher.Renamed += (_, _) => ScheduleReload();
        }
    }

    public KnowledgeMatcher Current => Volatile.Read(ref _current);

    /// <summary>Loads the content again now; returns false (and keeps the old content) when it is broken.</summary>
    public bool Reload()
    {
        try
        {
            var next = Build(_dialogsFolder);
            var previous = Interlocked.Exchange(ref _current, next);
            _logger.LogInformation("Knowledge base reloaded: version {Version}, {Count} entries", next.Knowledge.Version, next.Knowledge.Entries.Count);
            // Searches still running on the old index finish on it; it is left to the garbage collector.
            _ = previous;
            return true;
        }
        catch (ContentException e)
        {
            _logger.LogError("Knowledge base change refused, still serving version {Version}: {Problem}", Current.Knowledge.Version, e.Message);
            return false;
        }
        catch (IOException e)
        {
            _logger.LogWarning("Knowledge base could not be read yet ({Problem}); will retry on the next change", e.Message);
            return false;
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }

    private void ScheduleReload() => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);

    private static KnowledgeMatcher Build(string dialogsFolder)
    {
        var knowledge = KnowledgeLoader.Load(dialogsFolder);
        return new KnowledgeMatcher(knowledge, KnowledgeIndex.Build(knowledge));
    }
}
