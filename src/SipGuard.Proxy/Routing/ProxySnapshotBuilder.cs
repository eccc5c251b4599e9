using System.Net;
using System.Text;
using SipGuard.Policy;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Routing;

/// <summary>Compiles the proxy part of the config, against a compiled policy, into a <see cref="ProxySnapshot"/>.</summary>
public static class ProxySnapshotBuilder
{
    /// <summary>Builds the snapshot, or returns every problem as (config path, message).</summary>
    /// <param name="names">The last good DNS answers for targets written as names; a name without one contributes no target.</param>
    public static ProxySnapshot? Build(ProxyConfig config, PolicySnapshot policy, out IReadOnlyList<(string Path, string Message)> errors, ResolvedNames? names = null)
    {
        var problems = new List<(string, string)>();
        var upstreams = new Dictionary<string, UpstreamRoute>(StringComparer.Ordinal);
        foreach (var upstream in config.Upstreams)
        {
            if (upstream.Targets.Count > 64)
            {
                problems.Add(($"upstreams.{upstream.Id}.targets", "at most 64 targets per upstream"));
                continue;
            }

            var targets = UpstreamTargetList.From(upstream, names ?? ResolvedNames.None);
            if (targets.Targets.Length > 0 || targets.Names.Length > 0)
            {
                upstreams[upstream.Id] = new UpstreamRoute(
                    upstream.Id, targets.Targets, targets.Priorities, targets.Weights, upstream.FailoverCodes, upstream.TryTimeout, upstream.Breaker, upstream.Probe)
                {
                    Trusted = upstream.Trusted,
                    Names = targets.Names,
                };
            }
        }

        var trunkUpstreams = new Dictionary<TrunkSnapshot, UpstreamRoute>(ReferenceEqualityComparer.Instance);
        foreach (var trunk in policy.Trunks)
        {
            var upstream = config.TrunkUpstreams.GetValueOrDefault(trunk.Id, "");
            if (upstreams.TryGetValue(upstream, out var route))
            {
                trunkUpstreams[trunk] = route;
            }
            else if (trunk.Mode != Policy.Configuration.TrunkMode.Off || !string.IsNullOrEmpty(upstream))
            {
                problems.Add(($"trunks.{trunk.Id}.upstream", $"no upstream named '{upstream}'"));
            }
        }

        var inbound = new List<InboundRoute>();
        foreach (var (route, index) in config.Inbound.Select((r, i) => (r, i)))
        {
            var trunk = policy.Trunks.FirstOrDefault(t => t.Id == route.ToTrunk);
            if (!upstreams.TryGetValue(route.FromUpstream, out var from) || trunk is null)
            {
                problems.Add(($"proxy.inbound[{index}]", $"inbound route names an unknown upstream '{route.FromUpstream}' or trunk '{route.ToTrunk}'"));
                continue;
            }

            var target = default(OutboundTarget);
            if (route.Target is not null && !TryParseTarget(route.Target, out target))
            {
                problems.Add(($"proxy.inbound[{index}].target", $"'{route.Target}' is not a target like sip:127.0.0.2:5060 (IP literal, optional ;transport=tcp)"));
                continue;
            }

            inbound.Add(new InboundRoute(from, trunk, target));
        }

        var limits = new Dictionary<TrunkSnapshot, Resilience.TrunkLimit>(ReferenceEqualityComparer.Instance);
        foreach (var limit in config.Limits.Trunks)
        {
            var trunk = policy.Trunks.FirstOrDefault(t => t.Id == limit.Trunk);
            if (trunk is null)
            {
                problems.Add(($"limits.trunks.{limit.Trunk}", $"no trunk named '{limit.Trunk}'"));
                continue;
            }

            limits[trunk] = new Resilience.TrunkLimit(trunk.Id, limit.CallsPerSecond, limit.ConcurrentCalls, limit.Status);
        }

        var global = config.Limits.MaxCallsPerSecond > 0
            ? new Resilience.TrunkLimit("*", config.Limits.MaxCallsPerSecond, 0, TrunkLimitConfig.DefaultStatus)
            : null;

        errors = problems;
        if (problems.Count > 0)
        {
            return null;
        }

        var timers = TimerSettings.Default with { InviteTimeout = config.InviteTimeout, RingTimeout = config.RingTimeout, Linger = config.Linger };
        var behaviour = new ProxyBehaviour(
            config.RecordRoute,
            Encoding.ASCII.GetBytes(config.WarnAgent),
            Encoding.ASCII.GetBytes(config.TagHeader),
            timers,
            TimeSpan.FromSeconds(5))
        {
            Role = config.Role,
        };
        return new ProxySnapshot(policy, trunkUpstreams, [.. upstreams.Values], [.. inbound], behaviour)
        {
            Admission = new Resilience.AdmissionSettings(limits, global, config.Limits.Flood) { Transactions = new Resilience.TransactionQuotas(config.Limits) },
            Identity = Identity.IdentitySettings.From(config),
            Listeners = config.Listeners.Select(l => new ListenerUri(l.Transport, l.Address, l.Port)).ToArray(),
            TrunkTlsNames = TrunkCertificateNames.Compile(policy, config.TrunkTlsNames),
        };
    }

    /// <summary>Parses <c>sip:IP[:port][;transport=tcp|udp]</c>.</summary>
    internal static bool TryParseTarget(string uri, out OutboundTarget target)
    {
        target = default;
        var text = uri.AsSpan().Trim();
        if (!text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        text = text[4..];
        var transport = SipTransportKind.Udp;
        var semicolon = text.IndexOf(';');
        if (semicolon >= 0)
        {
            var parameters = text[(semicolon + 1)..];
            if (parameters.Contains("transport=tcp", StringComparison.OrdinalIgnoreCase))
            {
                transport = SipTransportKind.Tcp;
            }

            text = text[..semicolon];
        }

        if (!IPEndPoint.TryParse(text, out var endPoint))
        {
            return false;
        }

        if (endPoint.Port == 0)
        {
            endPoint.Port = 5060;
        }

        target = new OutboundTarget(transport, SipEndpoint.FromIPEndPoint(endPoint));
        return true;
    }
}
