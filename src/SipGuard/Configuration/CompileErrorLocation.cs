namespace SipGuard.Configuration;

/// <summary>Locates the host's compile errors (policy and proxy alike) in the loaded file.</summary>
internal static class CompileErrorLocation
{
    public static ConfigError ToConfigError(this ConfigSourceMap map, CompileError error) =>
        map.ToConfigError(error.ConfigPath, error.Message, error.File, error.Line);
}
