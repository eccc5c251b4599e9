namespace SipGuard.Configuration;

/// <summary>The outcome of loading a config file: the config when it is valid, and every error otherwise.</summary>
/// <param name="Config">Null when <paramref name="Errors"/> is not empty.</param>
/// <param name="Errors">Every problem found, in file order.</param>
/// <param name="Map">Where each config path is, for locating errors found later (by a compiler).</param>
public sealed record ConfigLoadResult(SipGuardConfig? Config, IReadOnlyList<ConfigError> Errors, ConfigSourceMap Map)
{
    public bool Succeeded => Config is not null;
}
