namespace SipGuard.Sip.Parsing;

/// <summary>What a proxy does with a message it cannot or must not process further.</summary>
public enum SipReactionAction : byte
{
    /// <summary>Nothing wrong: process the message.</summary>
    Process = 0,

    /// <summary>Answer the request with <see cref="SipReaction.StatusCode"/>.</summary>
    Respond,

    /// <summary>Discard silently (bad responses, unparseable junk, keep-alives).</summary>
    Drop,
}
