using System.Net.Sockets;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Our listeners, by transport and address family; answers "is this URI us?" by comparing host and
/// port bytes. A message names the listener it leaves from: with IPv4 and IPv6 listeners of one
/// transport, a message sent over IPv6 carries the IPv6 one in its Via and Record-Route.
/// </summary>
internal sealed class LocalAddresses
{
    private readonly LocalAddress[] _all;

    public LocalAddresses(IReadOnlyList<ListenerUri> listeners)
    {
        _all = listeners.Select(l => new LocalAddress(l.Transport, l.Address, l.Port)).ToArray();
        if (_all.Length == 0)
        {
            throw new ArgumentException("at least one listener is needed", nameof(listeners));
        }
    }

    /// <summary>
    /// The listener a message to <paramref name="target"/> leaves from, and names in its Via and
    /// Record-Route: the target's own listener when it names one (a reply, or the listener a request
    /// came in on), else the first of its transport in its address family, else the first of its transport.
    /// </summary>
    public LocalAddress For(in OutboundTarget target)
    {
        if ((uint)target.ListenerId < (uint)_all.Length && _all[target.ListenerId].Transport == target.Transport)
        {
            return _all[target.ListenerId];
        }

        return For(target.Transport, target.Remote.Family);
    }

    /// <summary>The first listener of <paramref name="transport"/> in <paramref name="family"/>; another family's when there is none (Unspecified: any).</summary>
    public LocalAddress For(SipTransportKind transport, AddressFamily family)
    {
        LocalAddress? sameTransport = null;
        foreach (var local in _all)
        {
            if (local.Transport != transport)
            {
                continue;
            }

            if (family == AddressFamily.Unspecified || local.Endpoint.Family == family)
            {
                return local;
            }

            sameTransport ??= local;
        }

        return sameTransport ?? _all[0];
    }

    /// <summary>True when <paramref name="uri"/> names one of our listeners (host literal and port, default 5060).</summary>
    public bool IsUs(SipMessage message, in SipUri uri)
    {
        return IsUsHostPort(message[uri.Host], uri.Port);
    }

    /// <summary>True when a sent-by (host bytes and port, 0 = default) names one of our listeners.</summary>
    public bool IsUsHostPort(ReadOnlySpan<byte> host, int port)
    {
        port = port > 0 ? port : 5060;
        foreach (var local in _all)
        {
            if (local.Port == port && HostEquals(host, local.Host))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HostEquals(ReadOnlySpan<byte> host, ReadOnlySpan<byte> ours) =>
        host.SequenceEqual(ours) || (host.Length + 2 == ours.Length && ours[0] == (byte)'[' && ours[1..^1].SequenceEqual(host));
}
