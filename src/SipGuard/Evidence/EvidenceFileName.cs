using System.Globalization;

namespace SipGuard.Evidence;

/// <summary><c>evidence-YYYYMMDD-NNN.jsonl</c>: one UTC day, numbered from 1 as the day's files fill up.</summary>
internal readonly record struct EvidenceFileName(DateOnly Day, int Index) : IComparable<EvidenceFileName>
{
    private const string Prefix = "evidence-";
    private const string Suffix = ".jsonl";

    public string Name => $"{Prefix}{Day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{Index.ToString("000", CultureInfo.InvariantCulture)}{Suffix}";

    public static bool TryParse(string fileName, out EvidenceFileName name)
    {
        name = default;
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var core = fileName.AsSpan(Prefix.Length, fileName.Length - Prefix.Length - Suffix.Length);
        var dash = core.IndexOf('-');
        if (dash != 8
            || !DateOnly.TryParseExact(core[..dash], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            || !int.TryParse(core[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || index < 1)
        {
            return false;
        }

        name = new EvidenceFileName(day, index);
        return true;
    }

    /// <summary>The log's files in chain order (by day, then number; not by name, so file 1000 follows 999).</summary>
    public static IReadOnlyList<(EvidenceFileName Name, string Path)> List(string directory)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            return [];
        }

        var files = new List<(EvidenceFileName, string)>();
        foreach (var path in System.IO.Directory.EnumerateFiles(directory, Prefix + "*" + Suffix))
        {
            if (TryParse(Path.GetFileName(path), out var name))
            {
                files.Add((name, path));
            }
        }

        files.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return files;
    }

    public int CompareTo(EvidenceFileName other)
    {
        var byDay = Day.CompareTo(other.Day);
        return byDay != 0 ? byDay : Index.CompareTo(other.Index);
    }
}
