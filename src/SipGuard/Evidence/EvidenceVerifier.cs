using System.Security.Cryptography;

namespace SipGuard.Evidence;

/// <summary>
/// Re-walks evidence files in chain order and finds the first broken link. Each line must carry
/// <c>seq</c> = previous + 1 and <c>prev</c> = SHA-256 of the previous line; at the first line that
/// does not, the whole log is consulted to tell an edit from a deletion, an insertion or a swap.
/// With the public key, every checkpoint's signature over the chain head must verify, which finds
/// what a bare chain cannot: an edit of the last lines and a chain recomputed after an edit. A final
/// line without its newline is a torn write (reported, not chained); records after the last
/// checkpoint are reported as unsigned.
/// </summary>
internal static class EvidenceVerifier
{
    public static EvidenceVerification Verify(string directory, ECDsa? key = null)
    {
        var files = EvidenceFileName.List(directory);
        var segment = new List<(string, byte[])>();
        foreach (var (name, path) in files)
        {
            segment.Add((name.Name, File.ReadAllBytes(path)));
        }

        return Walk([segment], key, continuous: true);
    }

    /// <summary>
    /// Checks an export: each segment is a contiguous run of the chain that starts anywhere (its first
    /// <c>prev</c> is taken as given) and is vouched for by the checkpoints inside it.
    /// </summary>
    public static EvidenceVerification VerifySegments(IReadOnlyList<(string Name, byte[] Bytes)> segments, ECDsa key) =>
        Walk(segments.Select(s => (IReadOnlyList<(string, byte[])>)[s]).ToList(), key, continuous: false);

    private static EvidenceVerification Walk(IReadOnlyList<IReadOnlyList<(string Name, byte[] Bytes)>> segments, ECDsa? key, bool continuous)
    {
        var torn = new List<string>();
        var files = 0;
        long records = 0;
        var checkpoints = 0;
        long unsigned = 0;
        var endsWithShutdown = false;
        var keyId = key is null ? null : CheckpointSigner.KeyIdOf(key);
        foreach (var segment in segments)
        {
            var lines = Split(segment, torn);
            files += segment.Count;
            records += lines.Count;
            var result = Chain(lines, segment.Select(f => f.Name).ToList(), key, keyId, continuous);
            checkpoints += result.Checkpoints;
            unsigned += result.Unsigned;
            endsWithShutdown = lines.Count > 0 && lines[^1].Checkpoint?.Reason == EvidenceFileSink.Shutdown;
            if (result.Break is not null)
            {
                return new EvidenceVerification(files, records, result.Break, torn, checkpoints, unsigned, endsWithShutdown, false);
            }
        }

        return new EvidenceVerification(files, records, null, torn, checkpoints, unsigned, endsWithShutdown, key is not null);
    }

    private static List<EvidenceLine> Split(IReadOnlyList<(string Name, byte[] Bytes)> files, List<string> torn)
    {
        var lines = new List<EvidenceLine>();
        foreach (var (name, bytes) in files)
        {
            var number = 0;
            ReadOnlyMemory<byte> rest = bytes;
            var first = lines.Count;
            while (rest.Length > 0)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                number++;
                if (end < 0)
                {
                    torn.Add($"{name}:{number}: torn line ({rest.Length} bytes without a newline: a write cut off, e.g. by a crash); not part of the chain");
                    break;
                }

                lines.Add(EvidenceLine.Parse(name, number, rest.Span[..end]));
                rest = rest[(end + 1)..];
            }

            if (lines.Count > first)
            {
                lines[^1] = lines[^1] with { LastInFile = true };
            }
        }

        return lines;
    }

    private static (EvidenceBreak? Break, int Checkpoints, long Unsigned) Chain(List<EvidenceLine> lines, List<string> fileNames, ECDsa? key, string? keyId, bool continuous)
    {
        var expectedSeq = 1L;
        var expectedPrev = EvidenceChain.Genesis;
        if (!continuous && lines.Count > 0 && lines[0].Seq is { } start && lines[0].Prev is { } startPrev)
        {
            expectedSeq = start;
            expectedPrev = startPrev;
        }

        var checkpoints = 0;
        long unsigned = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Seq is not { } seq || line.Prev is null)
            {
                return (EvidenceBreak.At(line, EvidenceBreakKind.Edited, "not a valid evidence record (no seq/prev)"), checkpoints, unsigned);
            }

            if (seq != expectedSeq)
            {
                return (EvidenceBreakClassifier.Classify(lines, i, expectedSeq, expectedPrev), checkpoints, unsigned);
            }

            if (line.Prev != expectedPrev)
            {
                // The sequence is in order, so the content of the line before changed (or this line's prev did).
                var broken = i == 0
                    ? EvidenceBreak.At(line, EvidenceBreakKind.Edited, "the first record's prev is not the genesis value")
                    : EvidenceBreak.At(lines[i - 1], EvidenceBreakKind.Edited, $"its hash does not match the prev of seq {seq} on the next line");
                return (broken, checkpoints, unsigned);
            }

            expectedSeq = seq + 1;
            expectedPrev = line.Hash;
            if (line.Checkpoint is not { } checkpoint)
            {
                unsigned++;
                continue;
            }

            checkpoints++;
            unsigned = 0;
            if (CheckCheckpoint(line, checkpoint, key, keyId, fileNames, continuous) is { } bad)
            {
                return (bad, checkpoints, unsigned);
            }
        }

        return (null, checkpoints, unsigned);
    }

    private static EvidenceBreak? CheckCheckpoint(EvidenceLine line, EvidenceCheckpoint checkpoint, ECDsa? key, string? keyId, List<string> fileNames, bool continuous)
    {
        if (key is not null)
        {
            if (checkpoint.Key != keyId)
            {
                return EvidenceBreak.At(line, EvidenceBreakKind.Forged, $"checkpoint signed by key {checkpoint.Key}, not by the given public key ({keyId})");
            }

            var payload = CheckpointSigner.Payload(line.Seq!.Value, line.Prev!, checkpoint.Time, checkpoint.Reason, checkpoint.Next, checkpoint.Key);
            if (!CheckpointSigner.Verify(key, payload, checkpoint.Signature))
            {
                return EvidenceBreak.At(line, EvidenceBreakKind.Forged, $"the checkpoint's signature does not verify for seq 1..{line.Seq - 1}: records before it were changed and the chain recomputed, or the checkpoint was forged");
            }
        }

        if (continuous && checkpoint.Reason == EvidenceFileSink.Rotation)
        {
            var at = fileNames.IndexOf(line.File);
            if (!line.LastInFile)
            {
                return EvidenceBreak.At(line, EvidenceBreakKind.Inserted, "a rotation checkpoint must be its file's last line");
            }

            if (checkpoint.Next is { } next && (at + 1 >= fileNames.Count || fileNames[at + 1] != next))
            {
                return EvidenceBreak.At(line, EvidenceBreakKind.Deleted, $"the log continues in {next}, which is missing");
            }
        }

        return null;
    }
}
