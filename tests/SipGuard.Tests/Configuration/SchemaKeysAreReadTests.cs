using System.Reflection;
using System.Text.RegularExpressions;
using SipGuard.Configuration;
using SipGuard.Tests.TestSupport;

namespace SipGuard.Tests.Configuration;

/// <summary>
/// No key without an effect: every key the schema accepts must be fetched by a section reader
/// (<c>ConfigReader.Get(map, "key")</c> or <c>Required(map, path, "key", …)</c>); a key added to the
/// schema that nothing reads fails here, before an operator writes it and nothing happens.
/// </summary>
public sealed partial class SchemaKeysAreReadTests
{
    public static TheoryData<string, string> SchemaKeys()
    {
        var data = new TheoryData<string, string>();
        foreach (var field in typeof(ConfigSchema).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.FieldType == typeof(string[])))
        {
            foreach (var key in (string[])field.GetValue(null)!)
            {
                data.Add(field.Name, key);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SchemaKeys))]
    public void Every_schema_key_is_read_by_a_section_reader(string place, string key)
    {
        var readers = Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "src", "SipGuard", "Configuration"), "*Reader.cs")
            .Where(f => Path.GetFileName(f) != "ConfigReader.cs")
            .Select(File.ReadAllText);

        readers.Should().Contain(source => Fetches(source, key), $"'{key}' is accepted under {place} but no section reader reads it");
    }

    [Fact]
    public void The_walk_covers_every_place_of_the_schema()
    {
        SchemaKeys().Count.Should().BeGreaterThan(60);
        SchemaKeys().Select(row => (string)row[0]).Distinct().Should().Contain(["Root", "Trunk", "Proxy", "Upstream", "List", "Limits"]);
    }

    private static bool Fetches(string source, string key) =>
        GetCall().Matches(source).Any(m => m.Groups["key"].Value == key);

    [GeneratedRegex("""(?:Get\([^,()]+,|Required\([^,()]+,[^,()]+,)\s*"(?<key>[a-z_]+)"\s*[,)]""")]
    private static partial Regex GetCall();
}
