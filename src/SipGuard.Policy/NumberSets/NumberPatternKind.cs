namespace SipGuard.Policy.NumberSets;

internal enum NumberPatternKind
{
    Exact,
    Prefix,
    Range,
}
