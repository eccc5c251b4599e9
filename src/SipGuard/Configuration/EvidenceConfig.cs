namespace SipGuard.Configuration;

/// <summary>The tamper-evident evidence log (YAML <c>evidence</c>).</summary>
/// <param name="Directory">Absolute folder the log files are written to (YAML <c>dir</c>, relative to the config file).</param>
/// <param name="MaxFileMegabytes">A file is rotated when it reaches this size (YAML <c>max_file_mb</c>).</param>
/// <param name="OnOverflow">What to do when evidence cannot be written fast enough or the disk is full.</param>
/// <param name="SigningKeyFile">Absolute path of the PEM ECDSA P-256 private key checkpoints are signed with (YAML <c>signing_key</c>); null: no checkpoints.</param>
/// <param name="CheckpointEvery">Lines between signed checkpoints (YAML <c>checkpoint_every</c>).</param>
/// <param name="SampleAllowed">Share of allowed calls recorded too, 0..1 (YAML <c>sample_allowed</c>).</param>
public sealed record EvidenceConfig(
    string Directory,
    int MaxFileMegabytes,
    EvidenceOverflow OnOverflow,
    string? SigningKeyFile = null,
    int CheckpointEvery = EvidenceConfig.DefaultCheckpointEvery,
    double SampleAllowed = 0)
{
    public const string DefaultDirectory = "evidence";
    public const int DefaultMaxFileMegabytes = 64;
    public const int DefaultCheckpointEvery = 1000;
}
