using SipGuard.Configuration;

namespace SipGuard.Evidence;

/// <summary>The evidence log as it runs: the config's values plus the queue's bounds.</summary>
/// <param name="Capacity">Records the queue holds before <paramref name="OnOverflow"/> applies.</param>
/// <param name="BlockTimeout">How long <c>on_overflow: block</c> may hold a receive thread before the record is dropped.</param>
internal sealed record EvidenceSettings(
    string Directory,
    long MaxFileBytes,
    EvidenceOverflow OnOverflow,
    int Capacity,
    TimeSpan BlockTimeout)
{
    public const int DefaultCapacity = 8192;

    public static EvidenceSettings From(EvidenceConfig config) => new(
        config.Directory,
        (long)config.MaxFileMegabytes * 1024 * 1024,
        config.OnOverflow,
        DefaultCapacity,
        TimeSpan.FromSeconds(1));
}
