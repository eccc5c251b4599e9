namespace SipGuard.Policy;

/// <summary>One problem in a config or list file.</summary>
/// <param name="ConfigPath">YAML path of the offending value, e.g. <c>trunks.acme-line-1.allowed_callers[2]</c>.</param>
/// <param name="Message">What is wrong and what was expected.</param>
/// <param name="File">Full path of a list file, when the error is in one.</param>
/// <param name="Line">1-based line in <paramref name="File"/>; 0 when not about a line.</param>
public sealed record PolicyError(string ConfigPath, string Message, string? File = null, int Line = 0)
{
    /// <summary><c>path: message</c>, prefixed with the list file and line when the error is in one.</summary>
    public override string ToString() =>
        File is null ? $"{ConfigPath}: {Message}" : Line > 0 ? $"{File}:{Line}: {ConfigPath}: {Message}" : $"{File}: {ConfigPath}: {Message}";
}
