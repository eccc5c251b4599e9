using System.Buffers.Binary;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Security;

/// <summary>
/// One end of a dialog as SipGuard sees it: the transport and the address and port of the peer.
/// Over TCP the port is the connection's and changes when the peer reconnects, so peers are
/// matched by transport and address, and by port only over UDP.
/// </summary>
internal readonly record struct DialogPeer(SipTransportKind Transport, SipEndpoint Endpoint)
{
    /// <summary>Bytes of <see cref="Write"/>: transport, 16 address bytes (IPv4 mapped into IPv6), port.</summary>
    public const int EncodedLength = 19;

    public bool Matches(SipTransportKind transport, SipEndpoint endpoint) =>
        transport == Transport && SameAddress(endpoint, Endpoint) &&
        (transport != SipTransportKind.Udp || endpoint.Port == Endpoint.Port);

    /// <summary>Same transport and address, any port: the next hop a bound peer's request may name.</summary>
    public bool MatchesHost(SipTransportKind transport, SipEndpoint endpoint) =>
        transport == Transport && SameAddress(endpoint, Endpoint);

    public void Write(Span<byte> destination)
    {
        destination[0] = (byte)Transport;
        WriteMappedAddress(Endpoint, destination.Slice(1, 16));
        BinaryPrimitives.WriteUInt16BigEndian(destination[17..], (ushort)Endpoint.Port);
    }

    public static DialogPeer Read(ReadOnlySpan<byte> source)
    {
        var port = BinaryPrimitives.ReadUInt16BigEndian(source[17..]);
        var address = source.Slice(1, 16);
        var endpoint = IsMappedIPv4(address)
            ? SipEndpoint.FromIPv4(BinaryPrimitives.ReadUInt32BigEndian(address[12..]), port)
            : SipEndpoint.FromIPEndPoint(new System.Net.IPEndPoint(new System.Net.IPAddress(address), port));
        return new DialogPeer((SipTransportKind)source[0], endpoint);
    }

    private static bool SameAddress(SipEndpoint a, SipEndpoint b) => a.WithPort(0) == b.WithPort(0);

    private static void WriteMappedAddress(SipEndpoint endpoint, Span<byte> destination)
    {
        destination.Clear();
        if (endpoint.IsIPv4)
        {
            destination[10] = 0xFF;
            destination[11] = 0xFF;
            endpoint.WriteAddressBytes(destination[12..]);
        }
        else
        {
            endpoint.WriteAddressBytes(destination);
        }
    }

    private static bool IsMappedIPv4(ReadOnlySpan<byte> address) =>
        address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF;
}
