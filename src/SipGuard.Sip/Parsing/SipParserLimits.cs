namespace SipGuard.Sip.Parsing;

/// <summary>
/// Limits checked before or while scanning; going over one is its own error kind.
/// Defaults fit RFC 4475's longreq (34 Via values, long lines) with room to spare.
/// </summary>
public readonly record struct SipParserLimits(int MaxMessageSize, int MaxHeaders, int MaxLineLength, int MaxVias)
{
    public static SipParserLimits Default => new(64 * 1024, 128, 8 * 1024, 64);
}
