namespace SipGuard.Evidence;

/// <summary>The first broken link of the chain: which line (file name and 1-based line number), what kind, and why.</summary>
internal sealed record EvidenceBreak(string File, int Line, EvidenceBreakKind Kind, string Detail)
{
    public static EvidenceBreak At(EvidenceLine line, EvidenceBreakKind kind, string detail) => new(line.File, line.Number, kind, detail);

    public override string ToString() => $"{File}:{Line}: {Kind.ToString().ToLowerInvariant()}: {Detail}";
}
