using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace SipGuard.Evidence;

/// <summary>
/// An export bundle (zip): for each selected record, the run of the chain from it to the checkpoint
/// that covers it (<c>records-NNNN.jsonl</c>, so the records in between travel too: the signature is
/// over the chain head), the public key(s) the checkpoints name, and a manifest. It is checked on its
/// own with <see cref="Verify"/>: no other file of the log is needed.
/// </summary>
internal static class EvidenceExport
{
    public const string KeyFilePrefix = "public-key-";

    /// <returns>How many records matched (0: no bundle written).</returns>
    public static int Create(string directory, EvidenceQuery query, string outPath)
    {
        var lines = new List<byte[]>();
        var checkpoint = new List<bool>();
        foreach (var (_, path) in EvidenceFileName.List(directory))
        {
            var bytes = File.ReadAllBytes(path);
            var start = 0;
            for (var end = Array.IndexOf(bytes, (byte)'\n'); end >= 0; start = end + 1, end = Array.IndexOf(bytes, (byte)'\n', start))
            {
                var line = bytes[start..end];
                lines.Add(line);
                checkpoint.Add(EvidenceLine.Parse("", 0, line).Checkpoint is not null);
            }
        }

        var segments = new List<(int From, int To)>();
        var matched = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (checkpoint[i] || !query.Matches(lines[i]))
            {
                continue;
            }

            matched++;
            var to = i;
            while (to < lines.Count - 1 && !checkpoint[to])
            {
                to++;
            }

            if (segments.Count > 0 && segments[^1].To >= i)
            {
                continue;
            }

            segments.Add((i, to));
        }

        if (matched == 0)
        {
            return 0;
        }

        using var zip = ZipFile.Open(outPath, ZipArchiveMode.Create);
        for (var s = 0; s < segments.Count; s++)
        {
            var entry = zip.CreateEntry($"records-{s + 1:0000}.jsonl");
            using var stream = entry.Open();
            for (var i = segments[s].From; i <= segments[s].To; i++)
            {
                stream.Write(lines[i]);
                stream.WriteByte((byte)'\n');
            }
        }

        foreach (var key in Directory.EnumerateFiles(directory, KeyFilePrefix + "*.pem"))
        {
            zip.CreateEntryFromFile(key, Path.GetFileName(key));
        }

        var manifest = zip.CreateEntry("manifest.txt");
        using (var writer = new StreamWriter(manifest.Open(), new UTF8Encoding(false)))
        {
            writer.WriteLine("SipGuard evidence export");
            writer.WriteLine($"query: {(query.CallId is { } id ? "call-id " + id : $"number {query.Number} from {query.From:O} to {query.To:O}")}");
            writer.WriteLine($"records matched: {matched}; segments: {segments.Count}");
            writer.WriteLine("check with: sipguard evidence verify THIS.zip --public-key TRUSTED-KEY.pem");
        }

        return matched;
    }

    public static EvidenceVerification Verify(string zipPath, ECDsa key, TextWriter output)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        var segments = new List<(string, byte[])>();
        foreach (var entry in zip.Entries.Where(e => e.Name.StartsWith("records-", StringComparison.Ordinal)).OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            segments.Add((entry.Name, copy.ToArray()));
        }

        var keyName = KeyFilePrefix + CheckpointSigner.KeyIdOf(key) + ".pem";
        if (zip.GetEntry(keyName) is null)
        {
            output.WriteLine($"NOTE: the bundle carries no copy of the given key ({keyName})");
        }

        return EvidenceVerifier.VerifySegments(segments, key);
    }
}
