using System.Reflection;
using System.Text.Json.Nodes;
using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

/// <summary>config/sipguard.schema.json is what the loader's schema generates; the annotated config points editors at it.</summary>
public sealed class ConfigJsonSchemaTests
{
    private static string SchemaFile => Path.Combine(RepositoryFiles.Root, "config", "sipguard.schema.json");

    [Fact]
    public void The_shipped_JSON_Schema_is_the_one_the_loader_schema_generates()
    {
        var generated = ConfigJsonSchema.Generate();
        if (Environment.GetEnvironmentVariable("SIPGUARD_WRITE_SCHEMA") == "1")
        {
            File.WriteAllText(SchemaFile, generated);
        }

        File.ReadAllText(SchemaFile).ReplaceLineEndings("\n").Should().Be(generated,
            "config/sipguard.schema.json must match ConfigSchema; regenerate it with SIPGUARD_WRITE_SCHEMA=1 dotnet test --filter ConfigJsonSchemaTests");
    }

    [Fact]
    public void Every_key_the_loader_accepts_is_in_the_JSON_Schema_and_no_other()
    {
        var loaderKeys = typeof(ConfigSchema).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(string[]))
            .SelectMany(f => (string[])f.GetValue(null)!)
            .ToHashSet();
        var schemaKeys = new HashSet<string>();
        Collect(JsonNode.Parse(File.ReadAllText(SchemaFile))!, schemaKeys);

        schemaKeys.Should().BeEquivalentTo(loaderKeys);
    }

    [Fact]
    public void The_annotated_config_points_yaml_language_server_at_the_schema()
    {
        File.ReadLines(RepositoryFiles.DefaultConfig).First().Should().Be("# yaml-language-server: $schema=sipguard.schema.json");
    }

    [Fact]
    public void The_schema_rejects_unknown_keys_and_knows_booleans_and_enum_words()
    {
        var trunk = JsonNode.Parse(ConfigJsonSchema.Generate())!["properties"]!["trunks"]!["additionalProperties"]!;

        trunk["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        trunk["properties"]!["allow_forwarded"]!["type"]!.GetValue<string>().Should().Be("boolean");
        trunk["properties"]!["kind"]!["enum"]!.AsArray().Select(w => w!.GetValue<string>()).Should().Equal("private-line", "international", "interconnect", "trusted");
    }

    private static void Collect(JsonNode node, HashSet<string> keys)
    {
        if (node is JsonObject obj)
        {
            if (obj["properties"] is JsonObject properties)
            {
                foreach (var (key, value) in properties)
                {
                    keys.Add(key);
                    Collect(value!, keys);
                }
            }

            foreach (var name in new[] { "additionalProperties", "items" })
            {
                if (obj[name] is JsonObject child)
                {
                    Collect(child, keys);
                }
            }

            foreach (var any in new[] { obj["anyOf"], obj["items"]?["anyOf"] }.OfType<JsonArray>())
            {
                foreach (var item in any)
                {
                    Collect(item!, keys);
                }
            }
        }
    }
}
