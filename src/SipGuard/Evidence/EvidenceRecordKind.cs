namespace SipGuard.Evidence;

/// <summary>What a queued record asks the writer to put in the log.</summary>
internal enum EvidenceRecordKind
{
    /// <summary>A screened INVITE (or a flood block).</summary>
    Call,

    /// <summary>No call: write the totals counted since the last summary.</summary>
    FlushTotals,
}
