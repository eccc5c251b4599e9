using System.Text.Json;
using System.Text.Json.Nodes;

namespace SipGuard.Configuration;

/// <summary>
/// The JSON Schema (draft 2020-12) of the config file, generated from <see cref="PolicySchema"/> and <see cref="ConfigSchema"/>, the
/// same key lists the loader accepts: <c>config/sipguard.schema.json</c> gives yaml-language-server
/// editors completion and unknown-key errors as the operator types. The loader stays the authority
/// (values, references, lists); the schema knows the shape, booleans and enum words.
/// </summary>
internal static class ConfigJsonSchema
{
    private static readonly string[] Booleans =
    [
        "record_route", "special", "block_domestic_callers", "assert_identity", "strip_untrusted_identity",
        "allow_forwarded", "trusted", "strip_user_agent", "require_client_certificate",
    ];

    private static readonly string[] Lists =
    [
        "listen", "sources", "allowed_callers", "domestic_exemptions", "special_users", "service_numbers",
        "ip_access_prefixes", "applies_to", "failover_codes", "servers", "tls_names",
    ];

    public static string Generate()
    {
        var upstream = Object(ConfigSchema.Upstream, key => key switch
        {
            "targets" => new JsonObject
            {
                ["type"] = "array",
                ["items"] = new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, Object(ConfigSchema.UpstreamTarget)) },
            },
            "breaker" => Object(ConfigSchema.Breaker),
            "probe" => Object(ConfigSchema.Probe),
            "tls" => Object(ConfigSchema.UpstreamTls),
            _ => null,
        });
        var trunk = Object([.. PolicySchema.Trunk, .. ConfigSchema.TrunkProxyKeys], key => key switch
        {
            "kind" => Enum(PolicySchema.TrunkKinds.Words),
            "mode" => Enum(PolicySchema.TrunkModes.Words),
            "registration" => Object(PolicySchema.Registration),
            _ => null,
        });
        var list = Object(PolicySchema.List, key => key == "action" ? Enum(PolicySchema.ListActions.Words) : null);
        var proxy = Object(ConfigSchema.Proxy, key => key == "inbound"
            ? new JsonObject { ["type"] = "array", ["items"] = Object(ConfigSchema.InboundRoute) }
            : null);
        var limits = Object(ConfigSchema.Limits, key => key switch
        {
            "trunks" => MapOf(Object(ConfigSchema.TrunkLimit)),
            "flood" => Object(ConfigSchema.Flood),
            _ => null,
        });

        var root = Object(ConfigSchema.Root, key => key switch
        {
            "numbering" => Object(PolicySchema.Numbering),
            "tls" => Object(ConfigSchema.Tls),
            "upstreams" => MapOf(upstream),
            "trunks" => MapOf(trunk),
            "lists" => MapOf(list),
            "role" => Enum(ConfigSchema.Roles.Words),
            "proxy" => proxy,
            "evidence" => Object(ConfigSchema.Evidence, k => k == "on_overflow" ? Enum(ConfigSchema.Overflows.Words) : null),
            "telemetry" => Object(ConfigSchema.Telemetry),
            "limits" => limits,
            "cluster" => Object(ConfigSchema.Cluster),
            "resolver" => Object(ConfigSchema.Resolver),
            // The plain address form ("127.0.0.1:9090" or "off") and the map form both load.
            "admin" => new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "string" }, Object(ConfigSchema.Admin)) },
            _ => null,
        });
        var schema = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = "SipGuard configuration",
            ["description"] = "Generated from PolicySchema and ConfigSchema, the key lists the loader accepts; sipguard check is the authority on values.",
        };
        foreach (var (name, value) in root)
        {
            schema[name] = value?.DeepClone();
        }

        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    private static JsonObject Object(string[] keys, Func<string, JsonNode?>? nested = null)
    {
        var properties = new JsonObject();
        foreach (var key in keys)
        {
            properties[key] = nested?.Invoke(key) ?? Leaf(key);
        }

        return new JsonObject { ["type"] = "object", ["additionalProperties"] = false, ["properties"] = properties };
    }

    private static JsonObject MapOf(JsonObject value) => new() { ["type"] = "object", ["additionalProperties"] = value };

    private static JsonObject Enum(IEnumerable<string> words) => new() { ["enum"] = new JsonArray([.. words.Select(w => (JsonNode)w)]) };

    private static JsonObject Leaf(string key) =>
        Booleans.Contains(key) ? new JsonObject { ["type"] = "boolean" }
        : Lists.Contains(key) ? new JsonObject { ["type"] = "array" }
        : [];
}
