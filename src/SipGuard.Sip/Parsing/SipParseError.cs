namespace SipGuard.Sip.Parsing;

/// <summary>An error as a value: what went wrong and the byte position (relative to the message start).</summary>
public readonly record struct SipParseError(SipParseErrorKind Kind, int Position)
{
    public static SipParseError None => default;

    public bool IsError => Kind != SipParseErrorKind.None;

    public override string ToString() => IsError ? $"{Kind} at {Position}" : "None";
}
