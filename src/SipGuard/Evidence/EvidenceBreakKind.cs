namespace SipGuard.Evidence;

/// <summary>What kind of tampering a broken link most likely is.</summary>
internal enum EvidenceBreakKind
{
    /// <summary>A line's content changed: its hash no longer matches the next line's <c>prev</c>, or it is no longer a record.</summary>
    Edited,
    /// <summary>Sequence numbers are missing: lines (or a whole file) were removed.</summary>
    Deleted,
    /// <summary>A line that does not belong to the chain: a duplicate or forged <c>seq</c>.</summary>
    Inserted,
    /// <summary>Every record is there but not in chain order.</summary>
    Reordered,
    /// <summary>A checkpoint whose signature does not verify with the public key: the chain was recomputed, or the checkpoint forged.</summary>
    Forged,
}
