using System.Security.Cryptography;
using SipGuard.Hosting;
using SipGuard.Proxy.Routing;
using SipGuard.Reload;

namespace SipGuard.Evidence;

/// <summary>
/// Fingerprints the running config for evidence records, on the writer thread: the config file and
/// each list file are hashed once per applied load (a list file is hashed again only when its length
/// or last-write time changed, the same test the list cache uses to reload it).
/// </summary>
internal sealed class ConfigFingerprints(string configPath, ConfigStore<RuntimeSnapshot> store)
{
    private readonly Dictionary<(string, long, DateTime), string> _files = new();
    private ActiveConfig<RuntimeSnapshot>? _active;
    private ConfigFingerprint? _current;

    /// <summary>The fingerprint of the load that compiled <paramref name="snapshot"/>; null when it is no longer the running one.</summary>
    public ConfigFingerprint? For(ProxySnapshot? snapshot)
    {
        var active = store.Current;
        if (!ReferenceEquals(active, _active))
        {
            _active = active;
            _current = Compute(active);
        }

        return snapshot is null || ReferenceEquals(active.Snapshot.Proxy, snapshot) ? _current : null;
    }

    private ConfigFingerprint Compute(ActiveConfig<RuntimeSnapshot> active)
    {
        var lists = new List<KeyValuePair<string, string>>();
        foreach (var list in active.Config.Policy.Lists)
        {
            lists.Add(new(list.Id, HashFile(Path.Combine(active.Config.Policy.BaseDirectory, list.File))));
        }

        return new ConfigFingerprint(active.Generation, HashFile(configPath), lists);
    }

    private string HashFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
            if (!_files.TryGetValue(key, out var hash))
            {
                using var stream = info.OpenRead();
                _files[key] = hash = Convert.ToHexStringLower(SHA256.HashData(stream));
            }

            return hash;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unreadable";
        }
    }
}
