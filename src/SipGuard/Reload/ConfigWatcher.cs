using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace SipGuard.Reload;

/// <summary>
/// Reloads the config when the config file or any list file changes (debounced, since editors write a file in
/// several steps) or on SIGHUP. A reload is load → validate → compile → publish; any error keeps the running
/// config and logs every located error. Reloads never overlap.
/// </summary>
public sealed class ConfigWatcher<TSnapshot> : IDisposable
    where TSnapshot : class
{
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(300);

    private readonly string _configPath;
    private readonly IConfigCompiler<TSnapshot> _compiler;
    private readonly ConfigStore<TSnapshot> _store;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _debounce;
    private readonly ITimer _timer;
    private readonly Lock _reloadLock = new();
    private readonly Lock _watchLock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private HashSet<string> _watchedFiles = new(StringComparer.Ordinal);
    private PosixSignalRegistration? _sighup;
    private string _pendingTrigger = "";
    private bool _disposed;

    public ConfigWatcher(
        string configPath,
        IConfigCompiler<TSnapshot> compiler,
        ConfigStore<TSnapshot> store,
        ILogger logger,
        TimeProvider time,
        TimeSpan? debounce = null)
    {
        _configPath = configPath;
        _compiler = compiler;
        _store = store;
        _logger = logger;
        _time = time;
        _debounce = debounce ?? DefaultDebounce;
        _timer = time.CreateTimer(_ => OnDebounceElapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Raised after every reload attempt, applied or rejected (on the thread that ran it).</summary>
    public event Action<ReloadOutcome>? Reloaded;

    /// <summary>Starts watching the config file and the running config's list files; optionally reloads on SIGHUP.</summary>
    public void Start(bool handleSighup)
    {
        RefreshWatches();
        if (handleSighup && !OperatingSystem.IsWindows())
        {
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                // Without Cancel the runtime would apply SIGHUP's default action and end the process.
                context.Cancel = true;
                RequestReload("SIGHUP");
            });
        }
    }

    /// <summary>Asks for a reload after the debounce delay; further requests within it are folded into one.</summary>
    public void RequestReload(string trigger)
    {
        lock (_watchLock)
        {
            if (_disposed)
            {
                return;
            }

            _pendingTrigger = trigger;
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Reloads now, on the caller's thread.</summary>
    public ReloadOutcome ReloadNow(string trigger)
    {
        ReloadOutcome outcome;
        lock (_reloadLock)
        {
            outcome = Reload(trigger);
        }

        RefreshWatches();
        Reloaded?.Invoke(outcome);
        return outcome;
    }

    private ReloadOutcome Reload(string trigger)
    {
        var running = _store.HasValue ? _store.Current : null;
        var generation = running?.Generation ?? 0;
        try
        {
            var result = ConfigBuild.Run(_configPath, _compiler, running?.Snapshot);
            if (result.Snapshot is { } snapshot && result.Config is { } config)
            {
                _store.Publish(new ActiveConfig<TSnapshot>(snapshot, config, generation + 1, _time.GetUtcNow()));
                ReloadLog.Applied(_logger, trigger, generation + 1);
                return new ReloadOutcome(true, generation + 1, trigger, []);
            }

            ReloadLog.Rejected(_logger, trigger, generation, result.Errors.Count);
            foreach (var error in result.Errors)
            {
                ReloadLog.Error(_logger, error.ToString());
            }

            return new ReloadOutcome(false, generation, trigger, result.Errors);
        }
#pragma warning disable CA1031 // a compiler bug must not take down a running proxy; the old config stays
        catch (Exception e)
#pragma warning restore CA1031
        {
            ReloadLog.Crashed(_logger, e, trigger);
            var error = new ConfigError(new ConfigLocation(_configPath, 0, 0), "", $"reload failed: {e.Message}");
            return new ReloadOutcome(false, generation, trigger, [error]);
        }
    }

    private void OnDebounceElapsed()
    {
        string trigger;
        lock (_watchLock)
        {
            if (_disposed)
            {
                return;
            }

            trigger = _pendingTrigger;
        }

        ReloadNow(trigger);
    }

    /// <summary>Watches the folders of the config file and of every list and TLS file of the running config. Folders, not
    /// files, because editors and <c>mv</c> replace files, which ends a watch on the file itself.</summary>
    private void RefreshWatches()
    {
        var files = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(_configPath) };
        if (_store.HasValue)
        {
            files.UnionWith(_store.Current.Config.ListFiles);
            files.UnionWith(_store.Current.Config.TlsFiles);
        }

        lock (_watchLock)
        {
            if (_disposed || files.SetEquals(_watchedFiles))
            {
                return;
            }

            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
            _watchedFiles = files;
            foreach (var directory in files.Select(Path.GetDirectoryName).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += OnFileEvent;
                watcher.Created += OnFileEvent;
                watcher.Deleted += OnFileEvent;
                watcher.Renamed += OnFileRenamed;
                watcher.Error += OnWatcherError;
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }

            ReloadLog.Watching(_logger, files.Count);
        }
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e)
    {
        if (IsWatched(e.FullPath))
        {
            RequestReload(e.FullPath);
        }
    }

    private void OnFileRenamed(object sender, RenamedEventArgs e)
    {
        if (IsWatched(e.FullPath) || IsWatched(e.OldFullPath))
        {
            RequestReload(e.FullPath);
        }
    }

    private void OnWatcherError(object sender, ErrorEventArgs e)
    {
        ReloadLog.WatcherError(_logger, e.GetException());
        RequestReload("file watcher error");
    }

    private bool IsWatched(string path)
    {
        lock (_watchLock)
        {
            return _watchedFiles.Contains(path);
        }
    }

    public void Dispose()
    {
        lock (_watchLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var watcher in _watchers)
            {
                watcher.Dispose();
            }

            _watchers.Clear();
        }

        _sighup?.Dispose();
        _timer.Dispose();
    }
}
