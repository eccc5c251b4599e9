using SipGuard.Policy.Configuration;

namespace SipGuard.Policy.Yaml;

/// <summary>The outcome of <see cref="PolicyConfigLoader"/>: the policy config when the file is valid, and every error otherwise.</summary>
/// <param name="Config">The policy sections as written; null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found, in file order, each with its file, line and column.</param>
/// <param name="Map">Where each config path is in the file: <see cref="ConfigSourceMap.ToConfigError(PolicyError)"/>
/// locates the errors <see cref="PolicyCompiler.Compile"/> finds later.</param>
/// <param name="ListFiles">Full paths of the list files the config names (to watch them for changes).</param>
public sealed record PolicyConfigLoadResult(
    PolicyConfig? Config,
    IReadOnlyList<ConfigError> Errors,
    ConfigSourceMap Map,
    IReadOnlyList<string> ListFiles)
{
    /// <summary>True when <see cref="Config"/> is set (no errors).</summary>
    public bool Succeeded => Config is not null;
}
