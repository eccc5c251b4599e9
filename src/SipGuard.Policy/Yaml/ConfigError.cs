namespace SipGuard.Policy.Yaml;

/// <summary>
/// One problem in the operator's files, from the YAML loader or from a compiler, printed the way compilers
/// print theirs so editors and terminals can jump to it:
/// <c>config/sipguard.yaml:12:7: error: trunks.acme-line-1.sources[0]: '10.0.0.1/33' is not a valid CIDR</c>.
/// </summary>
/// <param name="Location">Where the offending node (or list file line) is.</param>
/// <param name="ConfigPath">The YAML key path (<c>trunks.acme-line-1.sources[0]</c>); empty for whole-file errors.</param>
/// <param name="Message">What is wrong and what was expected, in the operator's words.</param>
public sealed record ConfigError(ConfigLocation Location, string ConfigPath, string Message)
{
    /// <summary><c>file:line:column: error: path: message</c>, the way compilers print errors.</summary>
    public override string ToString() =>
        ConfigPath.Length == 0
            ? $"{Location}: error: {Message}"
            : $"{Location}: error: {ConfigPath}: {Message}";
}
