using System.Net;
using SipGuard.Proxy.Configuration;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// An upstream's targets as the breakers see them: IP literals as written, and each DNS name replaced by
/// the addresses its last good answer gave. Ordered by the entry's priority, then the SRV priority; the
/// entry's weight multiplies the SRV weight (an A/AAAA address has SRV weight 1).
/// </summary>
internal sealed record UpstreamTargetList(OutboundTarget[] Targets, int[] Priorities, int[] Weights, string[] Names)
{
    /// <summary>The breakers track at most 64 targets per upstream; a name that gives more keeps its best.</summary>
    private const int MaxTargets = 64;

    public static UpstreamTargetList From(UpstreamConfig upstream, ResolvedNames names)
    {
        var entries = new List<(int Priority, int SrvPriority, int Weight, OutboundTarget Target)>();
        var dnsNames = new List<string>();
        foreach (var target in upstream.Targets)
        {
            var weight = Math.Max(1, target.Weight);
            if (IPAddress.TryParse(target.Host, out var address))
            {
                entries.Add((target.Priority, 0, weight, new OutboundTarget(target.Transport, SipEndpoint.FromIPEndPoint(new IPEndPoint(address, target.Port)))));
                continue;
            }

            dnsNames.Add(target.Uri);
            foreach (var resolved in names.For(target.Uri))
            {
                entries.Add((target.Priority, resolved.Priority, weight * Math.Max(1, resolved.Weight), resolved.Target));
            }
        }

        // A stable sort: equal priorities keep the config's order, then the answer's.
        var ordered = entries.OrderBy(e => e.Priority).ThenBy(e => e.SrvPriority).Take(MaxTargets).ToArray();
        var priorities = new int[ordered.Length];
        for (var i = 1; i < ordered.Length; i++)
        {
            var same = ordered[i].Priority == ordered[i - 1].Priority && ordered[i].SrvPriority == ordered[i - 1].SrvPriority;
            priorities[i] = same ? priorities[i - 1] : priorities[i - 1] + 1;
        }

        return new UpstreamTargetList(
            [.. ordered.Select(e => e.Target)],
            priorities,
            [.. ordered.Select(e => e.Weight)],
            [.. dnsNames]);
    }
}
