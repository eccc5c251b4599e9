namespace SipGuard.Proxy.Transactions;

/// <summary>The caller-facing (server) side of a proxied transaction, RFC 3261 §17.2 and RFC 6026.</summary>
internal enum ServerState : byte
{
    /// <summary>Request received, no final response yet.</summary>
    Proceeding,
    /// <summary>A final response was sent; INVITE: waiting for the ACK (Timer G retransmits, Timer H gives up).</summary>
    Completed,
    /// <summary>INVITE: the ACK arrived; retransmitted ACKs are absorbed until Timer I.</summary>
    Confirmed,
    /// <summary>INVITE: a 2xx was relayed; further 2xx retransmissions are relayed until Timer L (RFC 6026).</summary>
    Accepted,
    Terminated,
}
