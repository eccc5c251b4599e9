using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>
/// Where a restarted writer continues: the newest file, the last complete line in the whole log
/// (walking back over empty files, so an empty newer file does not restart the chain), and whether
/// the newest file ends in a torn line (a write cut by a crash). A torn line is left as it is, for
/// <c>verify</c> to report; the writer continues in a new file instead of cutting it away.
/// </summary>
internal sealed record EvidenceTail(EvidenceFileName? File, long ValidLength, bool Torn, long Seq, string Prev)
{
    private const int ProbeBytes = 1024 * 1024;

    public static EvidenceTail Read(string directory)
    {
        var files = EvidenceFileName.List(directory);
        if (files.Count == 0)
        {
            return new EvidenceTail(null, 0, false, 0, EvidenceChain.Genesis);
        }

        var (newest, newestPath) = files[^1];
        var (validLength, torn, _) = Probe(newestPath);
        for (var i = files.Count - 1; i >= 0; i--)
        {
            var (_, _, last) = Probe(files[i].Path);
            if (last is not null)
            {
                return new EvidenceTail(newest, validLength, torn, ReadSeq(last), EvidenceChain.Hash(last));
            }
        }

        return new EvidenceTail(newest, validLength, torn, 0, EvidenceChain.Genesis);
    }

    /// <summary>The length up to the last newline, whether bytes follow it, and the last complete line.</summary>
    private static (long ValidLength, bool Torn, byte[]? LastLine) Probe(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var length = stream.Length;
        var probe = (int)Math.Min(length, ProbeBytes);
        var buffer = new byte[probe];
        stream.Seek(length - probe, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        var end = buffer.AsSpan().LastIndexOf((byte)'\n');
        if (end < 0)
        {
            return (length - probe, length > 0, null);
        }

        var start = buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
        var valid = length - probe + end + 1;
        return (valid, valid != length, buffer[start..end]);
    }

    private static long ReadSeq(byte[] line)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            return doc.RootElement.TryGetProperty(EvidenceJson.Seq, out var seq) && seq.TryGetInt64(out var value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }
}
