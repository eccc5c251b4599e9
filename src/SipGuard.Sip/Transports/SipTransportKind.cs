namespace SipGuard.Sip.Transports;

public enum SipTransportKind : byte
{
    Udp = 1,
    Tcp = 2,
}
