using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SipGuard.Policy.Yaml;

/// <summary>Parses one YAML document; a syntax error becomes a located error in the operator's words, never an exception.</summary>
internal static partial class YamlDocumentParser
{
    /// <summary>The document's root node, or null with the error recorded on <paramref name="reader"/>.</summary>
    public static YamlNode? Parse(ConfigReader reader, string yaml)
    {
        if (!YamlShapeCheck.Check(reader, yaml))
        {
            return null;
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            reader.Error(SyntaxLocation(reader, yaml, e), "", $"YAML syntax: {SyntaxMessage(e)}");
            return null;
        }
        catch (InvalidOperationException)
        {
            // Some malformed inputs (an unclosed '[' running into block content) fail inside YamlDotNet without a
            // mark; replay the parser event by event to find the last place that still made sense.
            reader.Error(LastGoodMark(reader, yaml), "", "YAML syntax: malformed YAML after this point (an unclosed '[' or '{', or a value where a key was expected)");
            return null;
        }

        if (stream.Documents.Count == 0)
        {
            reader.Error(new ConfigLocation(reader.FilePath, 1, 1), "", "the file is empty; see config/sipguard.yaml for a complete example");
            return null;
        }

        if (stream.Documents.Count > 1)
        {
            reader.Error(stream.Documents[1].RootNode, "", "only one YAML document is allowed (remove the second '---')");
            return null;
        }

        return stream.Documents[0].RootNode;
    }

    /// <summary>YamlDotNet prefixes its messages with the marks we already print; keep only the words.</summary>
    private static string SyntaxMessage(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, "");
        const string Duplicate = "Duplicate key ";
        if (message.StartsWith(Duplicate, StringComparison.Ordinal))
        {
            return $"duplicate key '{message[Duplicate.Length..]}': a key may appear only once in a map";
        }

        return message;
    }

    /// <summary>YamlDotNet reports a tab in indentation at the start of the enclosing block; point at the tab instead.</summary>
    private static ConfigLocation SyntaxLocation(ConfigReader reader, string yaml, YamlException e)
    {
        var location = reader.Location(e.Start);
        if (!e.Message.Contains("tab", StringComparison.OrdinalIgnoreCase))
        {
            return location;
        }

        var lines = yaml.Split('\n');
        for (var i = Math.Max(0, location.Line - 1); i < lines.Length; i++)
        {
            var line = lines[i];
            var indent = 0;
            while (indent < line.Length && line[indent] is ' ' or '\t')
            {
                if (line[indent] == '\t')
                {
                    return new ConfigLocation(reader.FilePath, i + 1, indent + 1);
                }

                indent++;
            }
        }

        return location;
    }

    private static ConfigLocation LastGoodMark(ConfigReader reader, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var last = new ConfigLocation(reader.FilePath, 1, 1);
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is { } current)
                {
                    last = reader.Location(current.Start);
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // The mark of the last event that parsed is what we wanted.
        }

        return last;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
