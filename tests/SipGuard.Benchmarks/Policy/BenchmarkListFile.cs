using System.Buffers.Text;

namespace SipGuard.Benchmarks.Policy;

/// <summary>Writes a deterministic list of distinct CN mobile numbers, one "+86…" a line, once per run.</summary>
internal static class BenchmarkListFile
{
    public const int Entries = 10_000_000;

    /// <summary>A number of the list (entry <paramref name="i"/>), for the blacklisted call.</summary>
    public static ulong NumberAt(int i) => 8613000000000UL + ((ulong)i * 97UL % 7_000_000_000UL);

    public static string EnsureWritten()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sipguard-bench-list-{Entries}.txt");
        if (File.Exists(path))
        {
            return path;
        }

        var tmp = path + ".tmp";
        using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            var line = new byte[32];
            line[0] = (byte)'+';
            for (var i = 0; i < Entries; i++)
            {
                // 97 is coprime to 7e9, so i*97 mod 7e9 is distinct for every i < 7e9: no duplicates.
                Utf8Formatter.TryFormat(NumberAt(i), line.AsSpan(1), out var n);
                line[n + 1] = (byte)'\n';
                stream.Write(line, 0, n + 2);
            }
        }

        File.Move(tmp, path, overwrite: true);
        return path;
    }
}
