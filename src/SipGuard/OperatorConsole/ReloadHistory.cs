using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.OperatorConsole;

/// <summary>The last reloads (applied or rejected, with each error's file:line:column) and the running config's version.</summary>
internal sealed class ReloadHistory(ConfigWatcher<RuntimeSnapshot> watcher, ConfigStore<RuntimeSnapshot> store, TimeProvider time) : IHostedService
{
    private const int Kept = 50;
    private readonly Lock _lock = new();
    private readonly LinkedList<ReloadEntry> _entries = new();
    private string _version = "";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _version = Version();
        watcher.Reloaded += OnReloaded;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        watcher.Reloaded -= OnReloaded;
        return Task.CompletedTask;
    }

    /// <summary>SHA-256 (first 12 hex digits) of the config file the running generation was loaded from.</summary>
    public string RunningVersion
    {
        get
        {
            lock (_lock)
            {
                return _version;
            }
        }
    }

    public IReadOnlyList<ReloadEntry> Entries()
    {
        lock (_lock)
        {
            return [.. _entries];
        }
    }

    private void OnReloaded(ReloadOutcome outcome)
    {
        var entry = new ReloadEntry(time.GetUtcNow(), outcome.Trigger, outcome.Applied, outcome.Generation, outcome.Errors.Select(e => e.ToString()).ToArray());
        var version = outcome.Applied ? Version() : null;
        lock (_lock)
        {
            _entries.AddFirst(entry);
            if (_entries.Count > Kept)
            {
                _entries.RemoveLast();
            }

            _version = version ?? _version;
        }
    }

    private string Version()
    {
        try
        {
            using var file = File.OpenRead(store.Current.Config.FilePath);
            return Convert.ToHexStringLower(SHA256.HashData(file))[..12];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
