namespace SipGuard.Conformance.Tests;

/// <summary>
/// Finds ../shared/conformance next to the repository: SIPGUARD_CONFORMANCE_DIR, then walking up
/// from the test binaries looking for shared/conformance/manifest.tsv, then /work/shared/conformance.
/// </summary>
internal static class ConformanceCorpus
{
    public const string EnvironmentVariable = "SIPGUARD_CONFORMANCE_DIR";

    private static readonly Lazy<string?> Directory = new(Locate);

    public static string? Root => Directory.Value;

    public static string RequireRoot() => Root ?? throw new InvalidOperationException(
        $"Conformance corpus not found: set {EnvironmentVariable}, or place shared/conformance/manifest.tsv beside the repository " +
        $"(searched upwards from {AppContext.BaseDirectory} and /work/shared/conformance).");

    public static IReadOnlyList<ManifestRow> ReadManifest()
    {
        var root = RequireRoot();
        var rows = new List<ManifestRow>();
        foreach (var line in File.ReadLines(Path.Combine(root, "manifest.tsv")).Skip(1))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var cols = line.Split('\t');
            rows.Add(new ManifestRow(cols[0], cols[1], cols[2], cols[3], cols[4]));
        }

        return rows;
    }

    private static string? Locate()
    {
        var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(env) && File.Exists(Path.Combine(env, "manifest.tsv")))
        {
            return env;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance");
            if (File.Exists(Path.Combine(candidate, "manifest.tsv")))
            {
                return candidate;
            }
        }

        const string Fallback = "/work/shared/conformance";
        return File.Exists(Path.Combine(Fallback, "manifest.tsv")) ? Fallback : null;
    }
}
