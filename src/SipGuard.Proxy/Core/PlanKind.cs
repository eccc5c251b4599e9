namespace SipGuard.Proxy.Core;

internal enum PlanKind : byte
{
    /// <summary>Answer locally without keeping a transaction (errors, keep-alives).</summary>
    ReplyStateless,
    /// <summary>Answer locally with a final response kept for retransmission and ACK absorption (INVITE rejections).</summary>
    ReplyStateful,
    /// <summary>The policy rejected the call.</summary>
    Reject,
    Forward,
}
