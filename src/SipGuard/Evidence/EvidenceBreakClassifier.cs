namespace SipGuard.Evidence;

/// <summary>At the first line out of sequence, consults the whole log to tell a deletion from an insertion or a swap.</summary>
internal static class EvidenceBreakClassifier
{
    public static EvidenceBreak Classify(List<EvidenceLine> lines, int i, long expectedSeq, string expectedPrev)
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
            return EvidenceBreak.At(lines[fake], EvidenceBreakKind.Inserted, $"seq {seq} appears {bySeq[seq].Count} times; this copy is not in the chain");
        }

        if (seq < expectedSeq)
        {
            return EvidenceBreak.At(line, EvidenceBreakKind.Reordered, $"seq {seq} comes after seq {expectedSeq - 1}");
        }

        if (bySeq.TryGetValue(expectedSeq, out var later))
        {
            // The expected record exists further on. If this line chains to its own predecessor it is a
            // genuine record out of place (reordered); if it chains to nothing it was forged in.
            var chainsToOwnPredecessor = bySeq.TryGetValue(seq - 1, out var before) && lines[before[0]].Hash == line.Prev;
            var resumes = i + 1 < lines.Count && lines[i + 1].Seq == expectedSeq && lines[i + 1].Prev == expectedPrev;
            if (!chainsToOwnPredecessor && resumes)
            {
                return EvidenceBreak.At(line, EvidenceBreakKind.Inserted, $"seq {seq} does not belong between seq {expectedSeq - 1} and seq {expectedSeq}");
            }

            var other = lines[later[0]];
            return EvidenceBreak.At(line, EvidenceBreakKind.Reordered, $"seq {seq} stands where seq {expectedSeq} belongs ({other.File}:{other.Number})");
        }

        var missing = seq - expectedSeq;
        return EvidenceBreak.At(line, EvidenceBreakKind.Deleted, missing == 1
            ? $"seq {expectedSeq} is missing before this line"
            : $"seq {expectedSeq}..{seq - 1} ({missing} records) are missing before this line");
    }
}
