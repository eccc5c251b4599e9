namespace SipGuard.Sip.Parsing;

/// <summary>The proxy's answer to an error: respond with a status and a reason that names the problem, or drop.</summary>
public readonly record struct SipReaction(SipReactionAction Action, int StatusCode, SipParseErrorKind Kind)
{
    public bool IsDrop => Action == SipReactionAction.Drop;

    /// <summary>The reason phrase for the local reply, naming the problem (UTF-8, no allocation).</summary>
    public ReadOnlySpan<byte> ReasonPhrase => SipErrorReactions.ReasonPhrase(Kind);
}
