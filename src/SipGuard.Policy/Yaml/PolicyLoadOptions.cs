namespace SipGuard.Policy.Yaml;

/// <summary>
/// What <see cref="PolicyConfigLoader"/> accepts besides the policy sections, for a file that other parts of an
/// application also read. Keys named here are skipped, not checked; every other unknown key is an error.
/// </summary>
public sealed record PolicyLoadOptions
{
    /// <summary>Options for a file that holds only the policy sections.</summary>
    public static PolicyLoadOptions Default { get; } = new();

    /// <summary>Top-level keys another reader owns (SipGuard's proxy reads <c>listen</c>, <c>upstreams</c>,
    /// <c>proxy</c>, <c>limits</c>, <c>admin</c>, <c>evidence</c>, <c>telemetry</c>).</summary>
    public IReadOnlyCollection<string> OtherSections { get; init; } = [];

    /// <summary>Keys of a trunk another reader owns (SipGuard's proxy reads <c>upstream</c>).</summary>
    public IReadOnlyCollection<string> OtherTrunkKeys { get; init; } = [];
}
