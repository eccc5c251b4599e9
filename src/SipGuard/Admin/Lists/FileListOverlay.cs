using SipGuard.Configuration;

namespace SipGuard.Admin.Lists;

/// <summary>
/// Runtime entries in a local file per list, in the list-file format: <c>&lt;list file&gt;.runtime</c> beside the
/// list, or <c>&lt;admin.runtime_lists&gt;/&lt;list id&gt;.runtime</c>. Written whole to a temporary file and renamed,
/// so a crash mid-write leaves the previous version. Reading happens at compile time, not on the call path.
/// </summary>
internal sealed class FileListOverlay : IListOverlay
{
    public const string Suffix = ".runtime";
    private const string Header = "# Runtime entries added through the SipGuard admin list API (one entry a line); merged over the list file.";

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Read(SipGuardConfig config)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var list in config.Policy.Lists)
        {
            var entries = ReadFile(PathOf(config, list.Id));
            if (entries.Count > 0)
            {
                result[list.Id] = entries;
            }
        }

        return result;
    }

    public int Add(SipGuardConfig config, string list, IReadOnlyList<string> entries)
    {
        var path = PathOf(config, list);
        var current = ReadFile(path);
        var set = new HashSet<string>(current, StringComparer.Ordinal);
        var added = entries.Where(set.Add).ToList();
        if (added.Count > 0)
        {
            Write(path, [.. current, .. added]);
        }

        return added.Count;
    }

    public bool Remove(SipGuardConfig config, string list, string entry)
    {
        var path = PathOf(config, list);
        var current = ReadFile(path);
        if (!current.Contains(entry, StringComparer.Ordinal))
        {
            return false;
        }

        Write(path, current.Where(e => e != entry).ToList());
        return true;
    }

    /// <summary>Where a list's runtime entries live.</summary>
    public static string PathOf(SipGuardConfig config, string list)
    {
        if (config.Admin.RuntimeListsDirectory is { } dir)
        {
            return Path.Combine(dir, list + Suffix);
        }

        var file = config.Policy.Lists.First(l => l.Id == list).File;
        return Path.GetFullPath(file, config.Policy.BaseDirectory) + Suffix;
    }

    private static List<string> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        return File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
    }

    private static void Write(string path, IReadOnlyList<string> entries)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp";
        File.WriteAllLines(temp, [Header, .. entries]);
        File.Move(temp, path, overwrite: true);
    }
}
