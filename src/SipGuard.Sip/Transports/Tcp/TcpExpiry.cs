namespace SipGuard.Sip.Transports.Tcp;

/// <summary>Which deadline of a connection has passed, if any.</summary>
internal enum TcpExpiry : byte
{
    None,
    /// <summary>No complete message or keep-alive for the idle timeout.</summary>
    Idle,
    /// <summary>A message (or, on an accepted connection, the first one) did not arrive whole in time.</summary>
    IncompleteMessage,
}
