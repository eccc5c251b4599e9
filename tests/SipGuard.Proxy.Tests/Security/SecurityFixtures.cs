using SipGuard.Proxy.Security;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Security;

internal static class SecurityFixtures
{
    public static ProxySecret Secret(byte fill) => ProxySecret.FromBytes(Enumerable.Repeat(fill, ProxySecret.Length).ToArray());

    public static SipEndpoint V4(byte a, byte b, byte c, byte d, int port) =>
        SipEndpoint.FromIPv4(((uint)a << 24) | ((uint)b << 16) | ((uint)c << 8) | d, port);

    public static DialogPeer Udp(byte last, int port) => new(SipTransportKind.Udp, V4(127, 0, 0, last, port));

    public static DialogPeer Tcp(byte last, int port) => new(SipTransportKind.Tcp, V4(127, 0, 0, last, port));
}
