namespace SipGuard.Evidence;

/// <summary>Whether the evidence log can write right now, for <c>/readyz</c>: false while writes fail (disk full, I/O error).</summary>
internal interface IEvidenceHealth
{
    bool Healthy { get; }

    /// <summary>Plain text for the operator: "ok", or what failed and since when.</summary>
    string Detail { get; }
}
