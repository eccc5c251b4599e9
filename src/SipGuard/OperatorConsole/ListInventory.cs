using System.Collections.Concurrent;
using System.Security.Cryptography;
using SipGuard.Admin.Lists;
using SipGuard.Hosting;
using SipGuard.Policy;
using SipGuard.Reload;

namespace SipGuard.OperatorConsole;

/// <summary>Each loaded list for the lists panel: entries, file hash (SHA-256, computed once per file version), age and runtime entries.</summary>
internal sealed class ListInventory(ConfigStore<RuntimeSnapshot> store, IListOverlay overlay, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string Path, long Length, DateTime Written), string> _hashes = new();

    public IReadOnlyList<ListSummary> Current()
    {
        var active = store.Current;
        var policy = active.Snapshot.Proxy.Policy;
        var runtime = overlay.Read(active.Config);
        var now = time.GetUtcNow();
        var result = new List<ListSummary>();
        foreach (var (id, path) in RuntimeListEntries.Files(policy).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var info = new FileInfo(path);
            var entries = runtime.GetValueOrDefault(id) ?? [];
            result.Add(new ListSummary(
                id,
                path,
                policy.ListEntries.GetValueOrDefault(id),
                info.Exists ? Hash(info) : null,
                info.Exists ? (long)(now - info.LastWriteTimeUtc).TotalSeconds : null,
                entries));
        }

        return result;
    }

    private string Hash(FileInfo info) => _hashes.GetOrAdd((info.FullName, info.Length, info.LastWriteTimeUtc), static key =>
    {
        try
        {
            using var file = File.OpenRead(key.Path);
            return Convert.ToHexStringLower(SHA256.HashData(file));
        }
        catch (IOException)
        {
            return "?";
        }
    });
}
