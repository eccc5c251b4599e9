namespace SipGuard.Proxy.Transactions;

/// <summary>The upstream-facing (client) side of a proxied transaction, RFC 3261 §17.1 and RFC 6026.</summary>
internal enum ClientState : byte
{
    /// <summary>Nothing sent (a locally answered request).</summary>
    None,
    /// <summary>Request sent, no response yet (Timer A/E retransmit over UDP, Timer B/F time out).</summary>
    Calling,
    /// <summary>A provisional response arrived (INVITE: Timer C bounds the ringing).</summary>
    Proceeding,
    /// <summary>A final response arrived; INVITE non-2xx: retransmissions are ACKed again until Timer D.</summary>
    Completed,
    /// <summary>Done: INVITE after its 2xx (RFC 6026: the server side relays 2xx retransmissions), or after Timer B/D/K.</summary>
    Terminated,
}
