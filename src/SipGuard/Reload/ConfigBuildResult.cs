using SipGuard.Configuration;

namespace SipGuard.Reload;

/// <summary>The outcome of <see cref="ConfigBuild.Run"/>: a snapshot, or every located error.</summary>
/// <param name="Snapshot">Null when there are errors.</param>
/// <param name="Config">The loaded config when loading succeeded (even if compiling then failed).</param>
/// <param name="Errors">Loader and compiler errors, each with file:line:column.</param>
public sealed record ConfigBuildResult<TSnapshot>(TSnapshot? Snapshot, SipGuardConfig? Config, IReadOnlyList<ConfigError> Errors)
    where TSnapshot : class
{
    public bool Succeeded => Snapshot is not null && Config is not null;
}
