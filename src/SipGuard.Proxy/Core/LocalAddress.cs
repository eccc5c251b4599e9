using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>One of our listeners as it appears on the wire: in our Via's sent-by and our Record-Route URI.</summary>
internal sealed class LocalAddress
{
    public LocalAddress(SipTransportKind transport, IPAddress address, int port)
    {
        Transport = transport;
        Endpoint = SipEndpoint.FromIPEndPoint(new IPEndPoint(address, port));
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        Host = Encoding.ASCII.GetBytes(host);
        HostPort = Encoding.ASCII.GetBytes($"{host}:{port}");
        Port = port;
        var token = transport switch { SipTransportKind.Tcp => "TCP", SipTransportKind.Tls => "TLS", _ => "UDP" };
        ViaPrefix = Encoding.ASCII.GetBytes($"SIP/2.0/{token} {host}:{port};branch=");

        // transport=tls rather than a sips: URI: the hop back to us is TLS, and RFC 5630 does not
        // let a sips: Record-Route promise TLS on every later hop, which we cannot vouch for.
        RecordRoute = Encoding.ASCII.GetBytes(transport switch
        {
            SipTransportKind.Tcp => $"<sip:{host}:{port};transport=tcp;lr",
            SipTransportKind.Tls => $"<sip:{host}:{port};transport=tls;lr",
            _ => $"<sip:{host}:{port};lr",
        });
    }

    public SipTransportKind Transport { get; }

    public SipEndpoint Endpoint { get; }

    public byte[] Host { get; }

    public int Port { get; }

    public byte[] HostPort { get; }

    /// <summary><c>SIP/2.0/UDP host:port;branch=</c>: our Via up to the branch value.</summary>
    public byte[] ViaPrefix { get; }

    /// <summary>Our Record-Route value without its closing <c>&gt;</c>, so a flow token can be appended.</summary>
    public byte[] RecordRoute { get; }
}
