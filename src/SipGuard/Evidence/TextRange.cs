namespace SipGuard.Evidence;

/// <summary>Where one copied header value sits in an <see cref="EvidenceRecord"/>'s text buffer.</summary>
internal readonly record struct TextRange(int Offset, int Length)
{
    public bool IsEmpty => Length == 0;
}
