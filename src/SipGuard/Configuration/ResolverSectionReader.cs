using System.Net;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>Reads <c>resolver: { servers, timeout }</c>, the DNS servers upstream names are looked up with.</summary>
internal static class ResolverSectionReader
{
    public static ResolverConfig Read(ConfigReader r, YamlMappingNode root)
    {
        if (ConfigReader.Get(root, "resolver") is not { } node || r.Map(node, "resolver", ConfigSchema.Resolver) is not { } map)
        {
            return ResolverConfig.System;
        }

        var servers = new List<IPEndPoint>();
        foreach (var (text, itemNode, itemPath) in r.StringList(ConfigReader.Get(map, "servers"), "resolver.servers"))
        {
            // A literal address only: the resolver cannot be found by a name it would have to resolve itself.
            if (!IPEndPoint.TryParse(text, out var server) || !(text.Contains('.') || text.Contains(']')))
            {
                r.Error(itemNode, itemPath, $"'{text}' is not a DNS server address; write IP:PORT, e.g. 127.0.0.1:53 or [::1]:53");
                continue;
            }

            if (server.Port == 0)
            {
                server.Port = 53;
            }

            servers.Add(server);
        }

        var timeout = r.Duration(ConfigReader.Get(map, "timeout"), "resolver.timeout", TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30))
            ?? ResolverConfig.DefaultTimeout;
        return new ResolverConfig(servers, timeout);
    }
}
