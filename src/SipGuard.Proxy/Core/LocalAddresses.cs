using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>Our listeners, by transport; answers "is this URI us?" by comparing host and port bytes.</summary>
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

    /// <summary>The listener we send from (and name in Via / Record-Route) on <paramref name="transport"/>.</summary>
    public LocalAddress For(SipTransportKind transport)
    {
        foreach (var local in _all)
        {
            if (local.Transport == transport)
            {
                return local;
            }
        }

        return _all[0];
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
