namespace SipGuard.Conformance.Tests;

/// <summary>
/// The RFC 4475 / RFC 5118 corpus kept in this project's <c>Corpus</c> folder (the RFCs' own bytes,
/// with manifest.tsv and SHA256SUMS), copied beside the test binaries by the build.
/// </summary>
internal static class ConformanceCorpus
{
    public static string Root { get; } = Path.Combine(AppContext.BaseDirectory, "Corpus");

    public static string RequireRoot() => File.Exists(Path.Combine(Root, "manifest.tsv"))
        ? Root
        : throw new InvalidOperationException($"Conformance corpus missing: {Path.Combine(Root, "manifest.tsv")} was not copied by the build.");

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
}
