namespace SipGuard.Evidence;

/// <summary>Which config decided: the SHA-256 of the config file and of every list file, and the load's generation.</summary>
internal sealed record ConfigFingerprint(long Generation, string ConfigSha256, IReadOnlyList<KeyValuePair<string, string>> Lists);
