namespace SipGuard.Policy.Yaml;

/// <summary>A place in a config or list file; Line and Column are 1-based, 0 when unknown.</summary>
public readonly record struct ConfigLocation(string File, int Line, int Column)
{
    /// <summary>The compiler's <c>file:line:column</c> form, shortened when line or column are unknown.</summary>
    public override string ToString() =>
        Line <= 0 ? File
        : Column <= 0 ? $"{File}:{Line}"
        : $"{File}:{Line}:{Column}";
}
