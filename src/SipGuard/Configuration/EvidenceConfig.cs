namespace SipGuard.Configuration;

/// <summary>The tamper-evident evidence log (YAML <c>evidence</c>).</summary>
/// <param name="Directory">Absolute folder the log files are written to (YAML <c>dir</c>, relative to the config file).</param>
/// <param name="MaxFileMegabytes">A file is rotated when it reaches this size (YAML <c>max_file_mb</c>).</param>
/// <param name="OnOverflow">What to do when evidence cannot be written fast enough or the disk is full.</param>
public sealed record EvidenceConfig(string Directory, int MaxFileMegabytes, EvidenceOverflow OnOverflow)
{
    public const string DefaultDirectory = "evidence";
    public const int DefaultMaxFileMegabytes = 64;
}
