using SipGuard.Proxy.Configuration;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Configuration;

/// <summary>
/// Reads the top-level <c>role</c> (proxy | redirect) and, for a redirect server, refuses the keys
/// that only mean something when SipGuard stays in the call: an inbound route (nothing is forwarded
/// towards a trunk) and a concurrent-call limit (a redirect holds no call, so it would never bind).
/// </summary>
internal static class RoleReader
{
    public static ProxyRole Read(ConfigReader r, YamlMappingNode root)
    {
        var role = r.Enum(ConfigReader.Get(root, "role"), "role", ConfigSchema.Roles) ?? ProxyRole.Proxy;
        if (role == ProxyRole.Redirect)
        {
            RefuseProxyOnlyKeys(r, root);
        }

        return role;
    }

    private static void RefuseProxyOnlyKeys(ConfigReader r, YamlMappingNode root)
    {
        if (ConfigReader.Get(ConfigReader.Get(root, "proxy") as YamlMappingNode, "inbound") is { } inbound)
        {
            r.Error(inbound, "proxy.inbound", "a redirect server forwards nothing, so it has no inbound routes; remove proxy.inbound or use role: proxy");
        }

        if (ConfigReader.Get(ConfigReader.Get(root, "limits") as YamlMappingNode, "trunks") is not YamlMappingNode trunks)
        {
            return;
        }

        foreach (var (key, value) in trunks.Children)
        {
            if (ConfigReader.Get(value as YamlMappingNode, "concurrent_calls") is { } concurrent)
            {
                r.Error(concurrent, $"limits.trunks.{key}.concurrent_calls",
                    "a redirect server holds no call after its answer, so a concurrent-call limit would never bind; use calls_per_second with role: redirect");
            }
        }
    }
}
