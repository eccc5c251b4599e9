namespace SipGuard.Evidence;

/// <summary>What <c>sipguard whatif</c> found: how many recorded calls were re-decided, which changed, and those that could not be.</summary>
/// <param name="Skipped">Records without a replayable INVITE (cut, flood blocks, older records).</param>
internal sealed record WhatIfResult(long Decided, long Skipped, IReadOnlyList<WhatIfChange> Changes);
