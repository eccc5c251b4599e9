namespace SipGuard.Proxy.Transactions;

/// <summary>The RFC 3261 timers a proxied transaction runs; the value travels as the timer's token.</summary>
internal enum TransactionTimer : byte
{
    /// <summary>A (INVITE) / E (non-INVITE): retransmit the forwarded request over UDP.</summary>
    RequestRetransmit = 1,
    /// <summary>B (INVITE) / F (non-INVITE): no response from upstream; answer 408.</summary>
    RequestTimeout,
    /// <summary>C: a ringing INVITE got no final response; cancel it upstream and answer 408.</summary>
    RingTimeout,
    /// <summary>G: retransmit our final response to an INVITE over UDP until the ACK arrives.</summary>
    ResponseRetransmit,
    /// <summary>H / I / J / L: the server side has absorbed what it had to (ACKs, retransmissions).</summary>
    ServerLinger,
    /// <summary>D / K: the client side has absorbed response retransmissions.</summary>
    ClientLinger,
    /// <summary>The current target stayed silent for the upstream's try timeout: fail over to the next one.</summary>
    TryTimeout,
}
