using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>
/// Re-walks every evidence file in chain order and finds the first broken link. Each line must carry
/// <c>seq</c> = previous + 1 and <c>prev</c> = SHA-256 of the previous line. At the first line that
/// does not, the whole log is consulted to tell an edit from a deletion, an insertion or a swap.
/// (A hash chain cannot see an edit of the very last line: nothing follows it yet.)
/// </summary>
internal static class EvidenceVerifier
{
    public static EvidenceVerification Verify(string directory)
    {
        var files = EvidenceFileName.List(directory);
        var lines = new List<Line>();
        foreach (var (name, path) in files)
        {
            var bytes = File.ReadAllBytes(path);
            var number = 0;
            ReadOnlyMemory<byte> rest = bytes;
            while (rest.Length > 0)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
                number++;
                lines.Add(Parse(name.Name, number, line.Span));
            }
        }

        return new EvidenceVerification(files.Count, lines.Count, FindBreak(lines));
    }

    private static EvidenceBreak? FindBreak(List<Line> lines)
    {
        var expectedSeq = 1L;
        var expectedPrev = EvidenceChain.Genesis;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Seq is not { } seq || line.Prev is null)
            {
                return Break(line, EvidenceBreakKind.Edited, "not a valid evidence record (no seq/prev)");
            }

            if (seq == expectedSeq)
            {
                if (line.Prev != expectedPrev)
                {
                    // The sequence is in order, so the content of the line before changed (or this line's prev did).
                    return i == 0
                        ? Break(line, EvidenceBreakKind.Edited, "the first record's prev is not the genesis value")
                        : Break(lines[i - 1], EvidenceBreakKind.Edited, $"its hash does not match the prev of seq {seq} on the next line");
                }

                expectedSeq = seq + 1;
                expectedPrev = line.Hash;
                continue;
            }

            return Classify(lines, i, expectedSeq, expectedPrev);
        }

        return null;
    }

    private static EvidenceBreak Classify(List<Line> lines, int i, long expectedSeq, string expectedPrev)
    {
        var line = lines[i];
        var seq = line.Seq!.Value;
        var bySeq = new Dictionary<long, List<int>>();
        for (var j = 0; j < lines.Count; j++)
        {
            if (lines[j].Seq is { } s)
            {
                (bySeq.TryGetValue(s, out var at) ? at : bySeq[s] = []).Add(j);
            }
        }

        if (bySeq[seq].Count > 1)
        {
            // Two lines claim this seq: the genuine one is the one the next record chains to.
            var genuine = bySeq.TryGetValue(seq + 1, out var next) ? bySeq[seq].Find(j => lines[j].Hash == lines[next[0]].Prev) : -1;
            var fake = genuine == i ? bySeq[seq].Find(j => j != i) : i;
            return Break(lines[fake], EvidenceBreakKind.Inserted, $"seq {seq} appears {bySeq[seq].Count} times; this copy is not in the chain");
        }

        if (seq < expectedSeq)
        {
            return Break(line, EvidenceBreakKind.Reordered, $"seq {seq} comes after seq {expectedSeq - 1}");
        }

        if (bySeq.TryGetValue(expectedSeq, out var later))
        {
            // The expected record exists further on. If this line chains to its own predecessor it is a
            // genuine record out of place (reordered); if it chains to nothing it was forged in.
            var chainsToOwnPredecessor = bySeq.TryGetValue(seq - 1, out var before) && lines[before[0]].Hash == line.Prev;
            var resumes = i + 1 < lines.Count && lines[i + 1].Seq == expectedSeq && lines[i + 1].Prev == expectedPrev;
            if (!chainsToOwnPredecessor && resumes)
            {
                return Break(line, EvidenceBreakKind.Inserted, $"seq {seq} does not belong between seq {expectedSeq - 1} and seq {expectedSeq}");
            }

            var other = lines[later[0]];
            return Break(line, EvidenceBreakKind.Reordered, $"seq {seq} stands where seq {expectedSeq} belongs ({other.File}:{other.Number})");
        }

        var missing = seq - expectedSeq;
        return Break(line, EvidenceBreakKind.Deleted, missing == 1
            ? $"seq {expectedSeq} is missing before this line"
            : $"seq {expectedSeq}..{seq - 1} ({missing} records) are missing before this line");
    }

    private static EvidenceBreak Break(Line line, EvidenceBreakKind kind, string detail) => new(line.File, line.Number, kind, detail);

    private static Line Parse(string file, int number, ReadOnlySpan<byte> bytes)
    {
        long? seq = null;
        string? prev = null;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isSeq = reader.ValueTextEquals(EvidenceJson.Seq);
                    var isPrev = !isSeq && reader.ValueTextEquals(EvidenceJson.Prev);
                    reader.Read();
                    if (isSeq && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var s))
                    {
                        seq = s;
                    }
                    else if (isPrev && reader.TokenType == JsonTokenType.String)
                    {
                        prev = reader.GetString();
                    }

                    reader.Skip();
                    if (seq is not null && prev is not null)
                    {
                        break;
                    }
                }
            }
        }
        catch (JsonException)
        {
            seq = null;
        }

        return new Line(file, number, seq, prev, EvidenceChain.Hash(bytes));
    }

    private sealed record Line(string File, int Number, long? Seq, string? Prev, string Hash);
}
