using SipGuard.Configuration;

namespace SipGuard.Evidence;

/// <summary>The evidence log as it runs: the config's values plus the queue's bounds.</summary>
/// <param name="Capacity">Records the queue holds before <paramref name="OnOverflow"/> applies.</param>
/// <param name="BlockTimeout">How long <c>on_overflow: block</c> may hold a receive thread before the call is refused.</param>
/// <param name="SigningKeyFile">PEM ECDSA P-256 private key checkpoints are signed with; none: no checkpoints.</param>
/// <param name="CheckpointEvery">Lines between two interval checkpoints.</param>
/// <param name="SampleAllowed">Share of allowed calls recorded too (0..1), for <c>whatif</c>.</param>
internal sealed record EvidenceSettings(
    string Directory,
    long MaxFileBytes,
    EvidenceOverflow OnOverflow,
    int Capacity,
    TimeSpan BlockTimeout,
    string? SigningKeyFile = null,
    int CheckpointEvery = EvidenceConfig.DefaultCheckpointEvery,
    double SampleAllowed = 0)
{
    public const int DefaultCapacity = 8192;

    /// <summary>How often the writer writes the totals counted so far (and at shutdown).</summary>
    public static readonly TimeSpan TotalsInterval = TimeSpan.FromMinutes(1);

    public static EvidenceSettings From(EvidenceConfig config) => new(
        config.Directory,
        (long)config.MaxFileMegabytes * 1024 * 1024,
        config.OnOverflow,
        DefaultCapacity,
        TimeSpan.FromSeconds(1),
        config.SigningKeyFile,
        config.CheckpointEvery,
        config.SampleAllowed);
}
