using SipGuard.Sip.Transports;
using SipGuard.Proxy.Configuration;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads <c>listen</c>, <c>upstreams</c>, <c>proxy</c> and <c>limits</c> into the proxy's records.</summary>
internal static class ProxySectionReader
{
    public static ProxyConfig Read(ConfigReader r, YamlMappingNode root, ConfigReferences refs)
    {
        var listeners = ReadListeners(r, root);
        var upstreams = ReadUpstreams(r, root, listeners);

        var proxy = ConfigReader.Get(root, "proxy") is { } proxyNode ? r.Map(proxyNode, "proxy", ConfigSchema.Proxy) : null;
        var recordRoute = r.Bool(ConfigReader.Get(proxy, "record_route"), "proxy.record_route") ?? true;
        var maxTransactions = r.Int(ConfigReader.Get(proxy, "max_transactions"), "proxy.max_transactions", 1, 10_000_000)
            ?? ProxyConfig.DefaultMaxTransactions;
        var drain = r.Duration(ConfigReader.Get(proxy, "drain_timeout"), "proxy.drain_timeout", TimeSpan.Zero, TimeSpan.FromHours(1))
            ?? ProxyConfig.DefaultDrainTimeout;
        var serverNode = ConfigReader.Get(proxy, "server_header");
        var server = r.String(serverNode, "proxy.server_header");
        WireStrings.Text(r, serverNode, "proxy.server_header", server ?? "", WireStrings.MaxServerHeader);
        var warnAgentNode = ConfigReader.Get(proxy, "warn_agent");
        var warnAgent = r.String(warnAgentNode, "proxy.warn_agent") ?? ProxyConfig.DefaultWarnAgent;

        // RFC 3261 warn-agent is a host[:port] or a token.
        WireStrings.Token(r, warnAgentNode, "proxy.warn_agent", warnAgent, WireStrings.MaxWarnAgent);

        var inviteTimeout = r.Duration(ConfigReader.Get(proxy, "invite_timeout"), "proxy.invite_timeout", TimeSpan.FromMilliseconds(500), TimeSpan.FromMinutes(5))
            ?? TimeSpan.FromSeconds(32);
        var ringTimeout = r.Duration(ConfigReader.Get(proxy, "ring_timeout"), "proxy.ring_timeout", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))
            ?? TimeSpan.FromMinutes(3);
        var linger = r.Duration(ConfigReader.Get(proxy, "linger"), "proxy.linger", TimeSpan.Zero, TimeSpan.FromMinutes(1))
            ?? TimeSpan.FromSeconds(5);
        var tagHeaderNode = ConfigReader.Get(proxy, "tag_header");
        var tagHeader = r.String(tagHeaderNode, "proxy.tag_header") ?? "X-SipGuard-Warning";
        if (tagHeaderNode is not null && (tagHeader.Length == 0 || tagHeader.Length > WireStrings.MaxHeaderName || !tagHeader.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')))
        {
            r.Error(tagHeaderNode, "proxy.tag_header", $"'{tagHeader}' is not a header name (letters, digits, '-'; at most {WireStrings.MaxHeaderName})");
        }

        var role = RoleReader.Read(r, root);
        var inbound = ReadInbound(r, ConfigReader.Get(proxy, "inbound"), refs, listeners);
        var limits = ReadLimits(r, root, refs);
        return new ProxyConfig(listeners, upstreams, recordRoute, maxTransactions, drain, server, warnAgent, inbound, limits)
        {
            InviteTimeout = inviteTimeout,
            RingTimeout = ringTimeout,
            Linger = linger,
            TagHeader = tagHeader,
            StripUserAgent = r.Bool(ConfigReader.Get(proxy, "strip_user_agent"), "proxy.strip_user_agent") ?? false,
            Role = role,
        };
    }

    private static IReadOnlyList<ListenerConfig> ReadListeners(ConfigReader r, YamlMappingNode root)
    {
        var node = r.Required(root, "", "listen", "sockets to listen on, e.g. [ \"udp://127.0.0.1:5060\" ]");
        var listeners = new List<ListenerConfig>();
        foreach (var (text, itemNode, itemPath) in r.StringList(node, "listen"))
        {
            if (!EndpointSyntax.TryParseListen(text, out var listener, out var error))
            {
                r.Error(itemNode, itemPath, error);
                continue;
            }

            if (listeners.Any(l => l.Transport == listener!.Transport && l.Address.Equals(listener.Address) && l.Port == listener.Port))
            {
                r.Error(itemNode, itemPath, $"'{text}' is listed twice");
                continue;
            }

            listeners.Add(listener!);
        }

        if (node is YamlSequenceNode { Children.Count: 0 })
        {
            r.Error(node, "listen", "needs at least one listener, e.g. [ \"udp://127.0.0.1:5060\" ]");
        }

        return listeners;
    }

    private static IReadOnlyList<UpstreamConfig> ReadUpstreams(ConfigReader r, YamlMappingNode root, IReadOnlyList<ListenerConfig> listeners)
    {
        var node = r.Required(root, "", "upstreams", "where accepted calls go, keyed by name");
        if (node is null || r.Map(node, "upstreams", allowedKeys: null) is not { } map)
        {
            return [];
        }

        var upstreams = new List<UpstreamConfig>();
        foreach (var (id, _, value) in r.Entries(map))
        {
            var path = $"upstreams.{id}";
            var entry = r.Map(value, path, ConfigSchema.Upstream);
            if (entry is null)
            {
                upstreams.Add(new UpstreamConfig(id, [], UpstreamConfig.DefaultFailoverCodes, null));
                continue;
            }

            var targets = ReadTargets(r, r.Required(entry, path, "targets", "SIP URIs to forward to, e.g. [ \"sip:127.0.0.1:5080\" ]"), $"{path}.targets", listeners);

            var codesNode = ConfigReader.Get(entry, "failover_codes");
            IReadOnlyList<int> codes = UpstreamConfig.DefaultFailoverCodes;
            if (codesNode is not null)
            {
                codes = r.StringList(codesNode, $"{path}.failover_codes")
                    .Select(item => r.Int(item.Node, item.Path, 300, 699))
                    .OfType<int>()
                    .ToArray();
            }

            ProbeConfig? probe = null;
            if (ConfigReader.Get(entry, "probe") is { } probeNode && r.Map(probeNode, $"{path}.probe", ConfigSchema.Probe) is { } probeMap)
            {
                var d = ProbeConfig.Default;
                probe = new ProbeConfig(
                    r.Duration(ConfigReader.Get(probeMap, "interval"), $"{path}.probe.interval", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? d.Interval,
                    r.Duration(ConfigReader.Get(probeMap, "timeout"), $"{path}.probe.timeout", TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1)) ?? d.Timeout,
                    r.Int(ConfigReader.Get(probeMap, "failures_before_down"), $"{path}.probe.failures_before_down", 1, 100) ?? d.FailuresBeforeDown);
            }

            var tryTimeout = r.Duration(ConfigReader.Get(entry, "try_timeout"), $"{path}.try_timeout", TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5))
                ?? UpstreamConfig.DefaultTryTimeout;
            var breaker = BreakerConfig.Default;
            if (ConfigReader.Get(entry, "breaker") is { } breakerNode && r.Map(breakerNode, $"{path}.breaker", ConfigSchema.Breaker) is { } breakerMap)
            {
                breaker = new BreakerConfig(
                    r.Int(ConfigReader.Get(breakerMap, "failures_before_open"), $"{path}.breaker.failures_before_open", 1, 1_000) ?? breaker.FailuresBeforeOpen,
                    r.Duration(ConfigReader.Get(breakerMap, "open_for"), $"{path}.breaker.open_for", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? breaker.OpenFor)
                {
                    FailureRate = r.Fraction(ConfigReader.Get(breakerMap, "failure_rate"), $"{path}.breaker.failure_rate", "0.5") ?? breaker.FailureRate,
                    MinAnswers = r.Int(ConfigReader.Get(breakerMap, "min_answers"), $"{path}.breaker.min_answers", 1, 1_000_000) ?? breaker.MinAnswers,
                    Window = r.Duration(ConfigReader.Get(breakerMap, "window"), $"{path}.breaker.window", TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)) ?? breaker.Window,
                };
            }

            var trusted = r.Bool(ConfigReader.Get(entry, "trusted"), $"{path}.trusted") ?? true;
            upstreams.Add(new UpstreamConfig(id, targets, codes, probe) { TryTimeout = tryTimeout, Breaker = breaker, Trusted = trusted });
        }

        return upstreams;
    }

    /// <summary>A target is a SIP URI, or a map <c>{ uri, priority, weight }</c> when it needs more than its address.</summary>
    private static IReadOnlyList<UpstreamTargetConfig> ReadTargets(ConfigReader r, YamlNode? node, string path, IReadOnlyList<ListenerConfig> listeners)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            var hint = node is YamlScalarNode scalar ? $"; write [ \"{scalar.Value}\" ]" : "";
            r.Error(node, path, $"expected a list, found {ConfigReader.Describe(node)}{hint}");
            return [];
        }

        if (sequence.Children.Count == 0)
        {
            r.Error(node, path, "needs at least one target, e.g. [ \"sip:127.0.0.1:5080\" ]");
        }

        var targets = new List<UpstreamTargetConfig>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = sequence.Children[i];
            YamlNode? uriNode = item;
            string uriPath = itemPath;
            int priority = 0, weight = 1;
            if (item is YamlMappingNode)
            {
                var map = r.Map(item, itemPath, ConfigSchema.UpstreamTarget)!;
                uriNode = r.Required(map, itemPath, "uri", "the target's SIP URI");
                uriPath = $"{itemPath}.uri";
                priority = r.Int(ConfigReader.Get(map, "priority"), $"{itemPath}.priority", 0, 65_535) ?? 0;
                weight = r.Int(ConfigReader.Get(map, "weight"), $"{itemPath}.weight", 1, 65_535) ?? 1;
            }

            if (r.String(uriNode, uriPath) is not { } uri)
            {
                continue;
            }

            if (!EndpointSyntax.TryParseSipTarget(uri, out var transport, out var host, out var port, out var error))
            {
                r.Error(uriNode!, uriPath, error);
                continue;
            }

            if (!HasListener(listeners, transport))
            {
                r.Error(uriNode!, uriPath, NoListener(uri, transport));
                continue;
            }

            targets.Add(new UpstreamTargetConfig(uri, transport, host, port, priority, weight));
        }

        return targets;
    }

    /// <summary>
    /// A request leaves from one of our listeners of its transport (our Via and Record-Route name it);
    /// with none, every call to the target would fail. No listener read at all is reported on its own.
    /// </summary>
    private static bool HasListener(IReadOnlyList<ListenerConfig> listeners, SipTransportKind transport) =>
        listeners.Count == 0 || listeners.Any(l => l.Transport == transport);

    private static string NoListener(string uri, SipTransportKind transport)
    {
        var scheme = transport.ToString().ToLowerInvariant();
        return $"'{uri}' is reached over {scheme.ToUpperInvariant()}, and no listener provides it: add a '{scheme}://' entry to listen";
    }

    private static IReadOnlyList<InboundRouteConfig> ReadInbound(ConfigReader r, YamlNode? node, ConfigReferences refs, IReadOnlyList<ListenerConfig> listeners)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            r.Error(node, "proxy.inbound", $"expected a list of {{ from_upstream, to_trunk }} entries, found {ConfigReader.Describe(node)}");
            return [];
        }

        var routes = new List<InboundRouteConfig>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"proxy.inbound[{i}]";
            if (r.Map(sequence.Children[i], path, ConfigSchema.InboundRoute) is not { } map)
            {
                continue;
            }

            var fromNode = r.Required(map, path, "from_upstream", "the upstream the calls come from");
            var toNode = r.Required(map, path, "to_trunk", "the trunk they leave by");
            var from = r.String(fromNode, $"{path}.from_upstream");
            var to = r.String(toNode, $"{path}.to_trunk");
            if (from is not null)
            {
                refs.Upstream(fromNode!, $"{path}.from_upstream", from);
            }

            if (to is not null)
            {
                refs.Trunk(toNode!, $"{path}.to_trunk", to);
            }

            var targetNode = ConfigReader.Get(map, "target");
            var target = r.String(targetNode, $"{path}.target");
            if (target is not null)
            {
                if (!EndpointSyntax.TryParseSipTarget(target, out var targetTransport, out _, out _, out var error))
                {
                    r.Error(targetNode!, $"{path}.target", error);
                }
                else if (targetTransport == SipTransportKind.Tls)
                {
                    r.Error(targetNode!, $"{path}.target", WireStrings.InboundTlsNotImplemented);
                }
                else if (!HasListener(listeners, targetTransport))
                {
                    r.Error(targetNode!, $"{path}.target", NoListener(target, targetTransport));
                }
            }

            if (from is not null && routes.Any(route => route.FromUpstream == from))
            {
                r.Error(fromNode!, $"{path}.from_upstream", $"upstream '{from}' already has an inbound route; each upstream sends to one trunk");
            }

            routes.Add(new InboundRouteConfig(from ?? "", to ?? "", target));
        }

        return routes;
    }

    private static LimitsConfig ReadLimits(ConfigReader r, YamlMappingNode root, ConfigReferences refs)
    {
        var d = LimitsConfig.Default;
        if (ConfigReader.Get(root, "limits") is not { } node || r.Map(node, "limits", ConfigSchema.Limits) is not { } map)
        {
            return d;
        }

        var trunks = new List<TrunkLimitConfig>();
        if (ConfigReader.Get(map, "trunks") is { } trunksNode && r.Map(trunksNode, "limits.trunks", allowedKeys: null) is { } trunksMap)
        {
            foreach (var (id, key, value) in r.Entries(trunksMap))
            {
                var path = $"limits.trunks.{id}";
                refs.Trunk(key, path, id);
                if (r.Map(value, path, ConfigSchema.TrunkLimit) is not { } limit)
                {
                    continue;
                }

                trunks.Add(new TrunkLimitConfig(
                    id,
                    r.Int(ConfigReader.Get(limit, "calls_per_second"), $"{path}.calls_per_second", 0, 1_000_000) ?? 0,
                    r.Int(ConfigReader.Get(limit, "concurrent_calls"), $"{path}.concurrent_calls", 0, 10_000_000) ?? 0,
                    r.Int(ConfigReader.Get(limit, "response"), $"{path}.response", 400, 699) ?? TrunkLimitConfig.DefaultStatus)
                {
                    MaxTransactions = r.Int(ConfigReader.Get(limit, "max_transactions"), $"{path}.max_transactions", 0, 10_000_000) ?? 0,
                });
            }
        }

        FloodConfig? flood = null;
        if (ConfigReader.Get(map, "flood") is { } floodNode && r.Map(floodNode, "limits.flood", ConfigSchema.Flood) is { } floodMap)
        {
            var requestsNode = r.Required(floodMap, "limits.flood", "requests", "requests one source may send per window, e.g. 200");
            var requests = r.Int(requestsNode, "limits.flood.requests", 1, 10_000_000);
            var window = r.Duration(ConfigReader.Get(floodMap, "window"), "limits.flood.window", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? TimeSpan.FromSeconds(1);
            var blockFor = r.Duration(ConfigReader.Get(floodMap, "block_for"), "limits.flood.block_for", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? TimeSpan.FromMinutes(1);
            if (requests is { } n)
            {
                flood = new FloodConfig(n, window, blockFor);
            }
        }

        return new LimitsConfig(
            r.Int(ConfigReader.Get(map, "max_message_bytes"), "limits.max_message_bytes", 1_024, 1_048_576) ?? d.MaxMessageBytes,
            r.Int(ConfigReader.Get(map, "max_headers"), "limits.max_headers", 16, 4_096) ?? d.MaxHeaders,
            r.Int(ConfigReader.Get(map, "max_tcp_connections"), "limits.max_tcp_connections", 1, 1_000_000) ?? d.MaxTcpConnections,
            r.Int(ConfigReader.Get(map, "max_calls_per_second"), "limits.max_calls_per_second", 0, 1_000_000) ?? d.MaxCallsPerSecond)
        {
            MaxTransactionsPerTrunk = r.Int(ConfigReader.Get(map, "max_transactions_per_trunk"), "limits.max_transactions_per_trunk", 0, 10_000_000) ?? d.MaxTransactionsPerTrunk,
            MaxTcpConnectionsPerSource = r.Int(ConfigReader.Get(map, "max_tcp_connections_per_source"), "limits.max_tcp_connections_per_source", 1, 1_000_000) ?? d.MaxTcpConnectionsPerSource,
            TcpMessageTimeout = r.Duration(ConfigReader.Get(map, "tcp_message_timeout"), "limits.tcp_message_timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10)) ?? d.TcpMessageTimeout,
            TcpIdleTimeout = r.Duration(ConfigReader.Get(map, "tcp_idle_timeout"), "limits.tcp_idle_timeout", TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)) ?? d.TcpIdleTimeout,
            Trunks = trunks,
            Flood = flood,
        };
    }
}
