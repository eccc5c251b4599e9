using System.Net;
using System.Net.Sockets;
using DnsClient;
using DnsClient.Protocol;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Transports;

namespace SipGuard.Resolution;

/// <summary>
/// RFC 3263 §4 for an upstream target's name: NAPTR picks the transport and the SRV name (only when the
/// URI names neither port nor transport), SRV gives ports, priorities and weights (unless the URI names a
/// port), A/AAAA gives the addresses. Only transports and address families the proxy has a listener for
/// are used. A server that fails or does not answer throws <see cref="DnsLookupException"/>; a name that
/// has no record gives an empty answer.
/// </summary>
internal sealed class SipNameResolver(IDnsQuery dns, IReadOnlyCollection<(SipTransportKind Transport, AddressFamily Family)> listeners)
{
    private static readonly (string Service, SipTransportKind Transport)[] NaptrServices =
    [
        (NAPtrRecord.ServiceKeySipUdp, SipTransportKind.Udp),
        (NAPtrRecord.ServiceKeySipTcp, SipTransportKind.Tcp),
    ];

    /// <summary>Without NAPTR records, SRV is asked for each transport the proxy speaks, in this order (§4.1).</summary>
    private static readonly SipTransportKind[] SrvOrder = [SipTransportKind.Udp, SipTransportKind.Tcp];

    public async Task<NameAnswer> ResolveAsync(SipTargetName name, CancellationToken cancel)
    {
        var ttl = new TtlTracker();
        if (name.HasPort)
        {
            // §4.2: a port in the URI means no NAPTR and no SRV: the name's addresses at that port.
            var addresses = await AddressesAsync(name.Host, name.Port, name.Transport, priority: 0, weight: 1, ttl, cancel).ConfigureAwait(false);
            return new NameAnswer(addresses, ttl.Value, "A/AAAA");
        }

        if (name.HasTransport)
        {
            // §4.1: a transport in the URI skips NAPTR; §4.2: SRV for that transport, then A/AAAA at its default port.
            return await SrvThenAddressesAsync(name, SrvName(name.Transport, name.Host), name.Transport, "SRV", ttl, cancel).ConfigureAwait(false);
        }

        foreach (var (srvName, transport) in await NaptrAsync(name.Host, ttl, cancel).ConfigureAwait(false))
        {
            var targets = await SrvAsync(srvName, transport, ttl, cancel).ConfigureAwait(false);
            if (targets.Count > 0)
            {
                return new NameAnswer(targets, ttl.Value, "NAPTR, SRV, A/AAAA");
            }
        }

        foreach (var transport in SrvOrder.Where(Speaks))
        {
            var targets = await SrvAsync(SrvName(transport, name.Host), transport, ttl, cancel).ConfigureAwait(false);
            if (targets.Count > 0)
            {
                return new NameAnswer(targets, ttl.Value, "SRV, A/AAAA");
            }
        }

        // §4.2: no SRV at all: the name's addresses over the URI's transport at its default port.
        var fallback = await AddressesAsync(name.Host, name.Port, name.Transport, priority: 0, weight: 1, ttl, cancel).ConfigureAwait(false);
        return new NameAnswer(fallback, ttl.Value, "A/AAAA");
    }

    private async Task<NameAnswer> SrvThenAddressesAsync(SipTargetName name, string srvName, SipTransportKind transport, string path, TtlTracker ttl, CancellationToken cancel)
    {
        var targets = await SrvAsync(srvName, transport, ttl, cancel).ConfigureAwait(false);
        if (targets.Count > 0)
        {
            return new NameAnswer(targets, ttl.Value, path + ", A/AAAA");
        }

        var addresses = await AddressesAsync(name.Host, name.Port, transport, priority: 0, weight: 1, ttl, cancel).ConfigureAwait(false);
        return new NameAnswer(addresses, ttl.Value, "A/AAAA");
    }

    /// <summary>The NAPTR records for transports the proxy speaks, best first (order, then preference; §4.1).</summary>
    private async Task<IReadOnlyList<(string SrvName, SipTransportKind Transport)>> NaptrAsync(string host, TtlTracker ttl, CancellationToken cancel)
    {
        var records = await QueryAsync(host, QueryType.NAPTR, ttl, cancel).ConfigureAwait(false);
        return records.NAPtrRecords()
            .Where(r => string.Equals(r.Flags, "s", StringComparison.OrdinalIgnoreCase))
            .Select(r => (Record: r, Transport: NaptrServices.FirstOrDefault(s => s.Service.Equals(r.Services, StringComparison.OrdinalIgnoreCase))))
            .Where(r => r.Transport.Service is not null && Speaks(r.Transport.Transport))
            .OrderBy(r => r.Record.Order)
            .ThenBy(r => r.Record.Preference)
            .Select(r => (r.Record.Replacement.Value.TrimEnd('.'), r.Transport.Transport))
            .ToArray();
    }

    private async Task<IReadOnlyList<ResolvedTarget>> SrvAsync(string srvName, SipTransportKind transport, TtlTracker ttl, CancellationToken cancel)
    {
        var targets = new List<ResolvedTarget>();
        var records = await QueryAsync(srvName, QueryType.SRV, ttl, cancel).ConfigureAwait(false);
        foreach (var srv in records.SrvRecords().OrderBy(r => r.Priority))
        {
            var host = srv.Target.Value.TrimEnd('.');
            if (host.Length == 0)
            {
                continue; // "." : the service is decidedly not available at this name (RFC 2782)
            }

            targets.AddRange(await AddressesAsync(host, srv.Port, transport, srv.Priority, Math.Max(1, (int)srv.Weight), ttl, cancel).ConfigureAwait(false));
        }

        return targets;
    }

    private async Task<IReadOnlyList<ResolvedTarget>> AddressesAsync(string host, int port, SipTransportKind transport, int priority, int weight, TtlTracker ttl, CancellationToken cancel)
    {
        var addresses = new List<IPAddress>();
        if (listeners.Contains((transport, AddressFamily.InterNetwork)))
        {
            addresses.AddRange((await QueryAsync(host, QueryType.A, ttl, cancel).ConfigureAwait(false)).ARecords().Select(r => r.Address));
        }

        if (listeners.Contains((transport, AddressFamily.InterNetworkV6)))
        {
            addresses.AddRange((await QueryAsync(host, QueryType.AAAA, ttl, cancel).ConfigureAwait(false)).AaaaRecords().Select(r => r.Address));
        }

        return addresses
            .Select(a => new ResolvedTarget(new OutboundTarget(transport, SipEndpoint.FromIPEndPoint(new IPEndPoint(a, port))), priority, weight))
            .ToArray();
    }

    private async Task<IReadOnlyList<DnsResourceRecord>> QueryAsync(string name, QueryType type, TtlTracker ttl, CancellationToken cancel)
    {
        IDnsQueryResponse response;
        try
        {
            response = await dns.QueryAsync(name, type, QueryClass.IN, cancel).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DnsResponseException or SocketException or TimeoutException or IOException)
        {
            throw new DnsLookupException($"{type} {name}: {e.Message}", e);
        }

        // No such name, or a name without this record type, is an answer; a server that failed is not.
        if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
        {
            throw new DnsLookupException($"{type} {name}: {response.ErrorMessage}");
        }

        var records = response.Answers.Where(r => r.RecordType == (ResourceRecordType)type).ToArray();
        foreach (var record in records)
        {
            ttl.Add(record.InitialTimeToLive);
        }

        return records;
    }

    private bool Speaks(SipTransportKind transport) => listeners.Any(l => l.Transport == transport);

    private static string SrvName(SipTransportKind transport, string host) =>
        transport == SipTransportKind.Tcp ? $"_sip._tcp.{host}" : $"_sip._udp.{host}";

    /// <summary>The smallest TTL seen; an answer with no record at all is asked again after a minute.</summary>
    private sealed class TtlTracker
    {
        private int? _seconds;

        public TimeSpan Value => TimeSpan.FromSeconds(_seconds ?? 60);

        public void Add(int seconds) => _seconds = Math.Min(_seconds ?? int.MaxValue, Math.Max(0, seconds));
    }
}
