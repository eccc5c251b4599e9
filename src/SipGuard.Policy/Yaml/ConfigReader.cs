using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Policy.Yaml;

/// <summary>
/// Typed, forgiving reads over a YAML tree: every read that fails records a located error and returns a
/// fallback, so one pass reports every problem in the file instead of stopping at the first.
/// </summary>
internal sealed class ConfigReader(string filePath)
{
    private static readonly string[] YesIsh = ["yes", "no", "on", "off", "y", "n", "1", "0"];

    private readonly List<ConfigError> _errors = [];

    public string FilePath { get; } = filePath;

    public IReadOnlyList<ConfigError> Errors => _errors;

    public ConfigLocation Location(YamlNode node) => Location(node.Start);

    public ConfigLocation Location(Mark mark) => new(FilePath, (int)mark.Line, (int)mark.Column);

    public void Error(YamlNode node, string path, string message) => _errors.Add(new ConfigError(Location(node), path, message));

    public void Error(ConfigLocation location, string path, string message) => _errors.Add(new ConfigError(location, path, message));

    /// <summary><c>key:</c> with nothing after it, <c>~</c> and <c>null</c> mean "not given".</summary>
    public static bool IsNull(YamlNode? node) =>
        node is null
        || (node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
            && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    public static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a map",
        YamlSequenceNode => "a list",
        YamlScalarNode scalar => $"'{scalar.Value}'",
        _ => "something else",
    };

    /// <summary>The node as a map, reporting unknown keys (with a "did you mean") against <paramref name="allowedKeys"/>;
    /// null (and an error) when it is not a map.</summary>
    public YamlMappingNode? Map(YamlNode node, string path, IReadOnlyCollection<string>? allowedKeys)
    {
        if (node is not YamlMappingNode map)
        {
            Error(node, path, $"expected a map of keys, found {Describe(node)}");
            return null;
        }

        foreach (var key in map.Children.Keys)
        {
            if (key is not YamlScalarNode { Value: { } name })
            {
                Error(key, path, "keys must be plain words");
                continue;
            }

            if (allowedKeys is not null && !allowedKeys.Contains(name))
            {
                var suggestion = KeySuggester.Suggest(name, allowedKeys);
                var hint = suggestion is null
                    ? $"valid keys here: {string.Join(", ", allowedKeys)}"
                    : $"did you mean '{suggestion}'?";
                Error(key, Join(path, name), $"unknown key '{name}'; {hint}");
            }
        }

        return map;
    }

    /// <summary>The entries of a map keyed by ids (<c>trunks</c>, <c>upstreams</c>, <c>lists</c>) in file order.</summary>
    public IEnumerable<(string Id, YamlScalarNode Key, YamlNode Value)> Entries(YamlMappingNode map)
    {
        foreach (var (key, value) in map.Children)
        {
            if (key is YamlScalarNode { Value: { Length: > 0 } id } scalar)
            {
                yield return (id, scalar, value);
            }
        }
    }

    public static YamlNode? Get(YamlMappingNode? map, string key)
    {
        if (map is null)
        {
            return null;
        }

        // Compared by text, not by YamlNode equality, which also compares tags ("kind" and 'kind' are the same key).
        foreach (var (k, value) in map.Children)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return IsNull(value) ? null : value;
            }
        }

        return null;
    }

    public static ConfigLocation KeyLocation(ConfigReader reader, YamlMappingNode map, string key)
    {
        foreach (var k in map.Children.Keys)
        {
            if (k is YamlScalarNode { Value: { } name } && name == key)
            {
                return reader.Location(k);
            }
        }

        return reader.Location(map);
    }

    /// <summary>A required key that is absent: reported at the map that should hold it.</summary>
    public YamlNode? Required(YamlMappingNode map, string path, string key, string what)
    {
        var value = Get(map, key);
        if (value is null)
        {
            Error(map, Join(path, key), $"missing required key '{key}' ({what})");
        }

        return value;
    }

    public string? String(YamlNode? node, string path)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlScalarNode { Value: { } value })
        {
            Error(node, path, $"expected a single value, found {Describe(node)}");
            return null;
        }

        return value;
    }

    /// <summary>Only <c>true</c> and <c>false</c>: YAML 1.1's yes/no/on/off are refused because YAML 1.2 tools read
    /// them as strings, and an operator must not get a different meaning from a different tool.</summary>
    public bool? Bool(YamlNode? node, string path)
    {
        var text = String(node, path);
        if (text is null)
        {
            return null;
        }

        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hint = YesIsh.Contains(text.ToLowerInvariant())
            ? $"write true or false ('{text}' means different things to different YAML tools)"
            : "expected true or false";
        Error(node!, path, $"'{text}' is not a boolean; {hint}");
        return null;
    }

    /// <summary>A number from 0 to 1 (e.g. <c>0.5</c>); null when absent or not one (the error is recorded).</summary>
    public double? Fraction(YamlNode? node, string path, string example)
    {
        var text = String(node, path);
        if (text is null)
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 1)
        {
            Error(node!, path, $"'{text}' is not a fraction; expected a number from 0 to 1, e.g. {example}");
            return null;
        }

        return value;
    }

    public int? Int(YamlNode? node, string path, int min, int max)
    {
        var text = String(node, path);
        if (text is null)
        {
            return null;
        }

        var digits = text.Replace("_", "", StringComparison.Ordinal);
        if (!int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Error(node!, path, $"'{text}' is not a whole number; expected a whole number from {min} to {max}");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node!, path, $"{value} is out of range; expected a whole number from {min} to {max}");
            return null;
        }

        return value;
    }

    public TimeSpan? Duration(YamlNode? node, string path, TimeSpan min, TimeSpan max)
    {
        var text = String(node, path);
        if (text is null)
        {
            return null;
        }

        if (!DurationSyntax.TryParse(text, out var value))
        {
            Error(node!, path, $"'{text}' is not a duration; write a number with a unit: 500ms, 30s, 5m, 1h");
            return null;
        }

        if (value < min || value > max)
        {
            Error(node!, path, $"{text} is out of range; expected {DurationSyntax.Format(min)} to {DurationSyntax.Format(max)}");
            return null;
        }

        return value;
    }

    /// <summary>One of a fixed set of words (kebab-case, as the operator writes them).</summary>
    public T? Enum<T>(YamlNode? node, string path, EnumWords<T> values)
        where T : struct, System.Enum
    {
        var text = String(node, path);
        if (text is null)
        {
            return null;
        }

        if (values.TryGetValue(text, out var value))
        {
            return value;
        }

        var suggestion = KeySuggester.Suggest(text, values.Words);
        var hint = suggestion is null ? "" : $"; did you mean '{suggestion}'?";
        Error(node!, path, $"'{text}' is not one of {string.Join(" | ", values.Words)}{hint}");
        return null;
    }

    /// <summary>A list of single values; a lone value where a list belongs is an error, not silently wrapped,
    /// because <c>sources: 10.0.0.1/24</c> under the wrong key is more often a mistake than a shortcut.</summary>
    public IReadOnlyList<(string Value, YamlNode Node, string Path)> StringList(YamlNode? node, string path)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            var hint = node is YamlScalarNode scalar ? $"; write [ \"{scalar.Value}\" ]" : "";
            Error(node, path, $"expected a list, found {Describe(node)}{hint}");
            return [];
        }

        var result = new List<(string, YamlNode, string)>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var item = sequence.Children[i];
            if (IsNull(item))
            {
                Error(item, itemPath, "empty list entry");
                continue;
            }

            var value = String(item, itemPath);
            if (value is not null)
            {
                result.Add((value, item, itemPath));
            }
        }

        return result;
    }

    public static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
