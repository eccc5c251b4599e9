namespace SipGuard.Policy.Yaml;

/// <summary>A place in a config or list file; Line and Column are 1-based, 0 when unknown.</summary>
/// <param name="File">The file as the operator named it.</param>
/// <param name="Line">1-based line; 0 when unknown.</param>
/// <param name="Column">1-based column; 0 when unknown.</param>
public readonly record struct ConfigLocation(string File, int Line, int Column)
{
    /// <summary>The compiler's <c>file:line:column</c> form, shortened when line or column are unknown.</summary>
    public override string ToString() =>
        Line <= 0 ? File
        : Column <= 0 ? $"{File}:{Line}"
        : $"{File}:{Line}:{Column}";
}
