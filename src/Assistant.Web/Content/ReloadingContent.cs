namespace Assistant.Web.Content;

/// <summary>
/// Content built from a folder of <c>dialogs/</c>: built at start-up (a broken file stops the start), rebuilt when a file
/// changes (a broken change is refused and logged, the last good content keeps serving). Readers get whole snapshots.
/// </summary>
public sealed class ReloadingContent<T> : IDisposable where T : class
{
    private readonly Func<T> _build;
    private readonly Func<T, string> _describe;
    private readonly string _name;
    private readonly ILogger _logger;
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly Timer _debounce;
    private T _current;

    /// <param name="files">Single files outside <paramref name="folder"/> that are part of the same content.</param>
    public ReloadingContent(string name, string folder, Func<T> build, Func<T, string> describe, bool watch, ILogger logger,
        IReadOnlyList<string>? files = null)
    {
        _name = name;
        _build = build;
        _describe = describe;
        _logger = logger;
        _current = build();
        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        if (watch)
        {
            Watch(folder, "*.yaml");
            foreach (var file in files ?? [])
            {
                Watch(Path.GetDirectoryName(Path.GetFullPath(file))!, Path.GetFileName(file));
            }
        }
    }

    public T Current => Volatile.Read(ref _current);

    /// <summary>Builds the content again now; returns false (and keeps the old content) when it is broken.</summary>
    public bool Reload()
    {
        try
        {
            var next = _build();
            // Readers still holding the old snapshot finish on it; it is left to the garbage collector.
            Volatile.Write(ref _current, next);
            _logger.LogInformation("{Content} reloaded: {Description}", _name, _describe(next));
            return true;
        }
        catch (ContentException e)
        {
            _logger.LogError("{Content} change refused, still serving {Description}: {Problem}", _name, _describe(Current), e.Message);
            return false;
        }
        catch (IOException e)
        {
            _logger.LogWarning("{Content} could not be read yet ({Problem}); will retry on the next change", _name, e.Message);
            return false;
        }
    }

    public void Dispose()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _debounce.Dispose();
    }

    private void Watch(string folder, string filter)
    {
        var watcher = new FileSystemWatcher(folder, filter)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
            EnableRaisingEvents = true,
        };
        watcher.Changed += (_, _) => ScheduleReload();
        watcher.Created += (_, _) => ScheduleReload();
        watcher.Deleted += (_, _) => ScheduleReload();
        watcher.Renamed += (_, _) => ScheduleReload();
        _watchers.Add(watcher);
    }

    private void ScheduleReload() => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
}
