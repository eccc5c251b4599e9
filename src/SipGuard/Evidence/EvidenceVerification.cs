namespace SipGuard.Evidence;

/// <summary>The result of walking the chain: how much was checked, the first break if any, and what is reported without being an error.</summary>
/// <param name="Torn">Torn lines (a write cut off by a crash): where, and how many bytes; not part of the chain.</param>
/// <param name="Checkpoints">Checkpoints found (verified when a key was given).</param>
/// <param name="Unsigned">Records after the last checkpoint, which no signature covers yet.</param>
/// <param name="EndsWithShutdown">The last line is a shutdown checkpoint: the log was closed cleanly.</param>
/// <param name="KeyChecked">A public key was given and every checkpoint verified with it.</param>
internal sealed record EvidenceVerification(
    int Files,
    long Records,
    EvidenceBreak? Break,
    IReadOnlyList<string> Torn,
    int Checkpoints,
    long Unsigned,
    bool EndsWithShutdown,
    bool KeyChecked)
{
    public bool Intact => Break is null;
}
