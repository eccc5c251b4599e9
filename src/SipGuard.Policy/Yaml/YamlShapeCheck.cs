using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SipGuard.Policy.Yaml;

/// <summary>
/// Reads the parser's events once, before any tree is built, and refuses a file whose shape could
/// cost unbounded time or memory later: any alias (<c>*name</c>: one line of aliases can stand for
/// billions of nodes once walked), more than <see cref="MaxNodes"/> nodes, or nesting deeper than
/// <see cref="MaxDepth"/>. The event stream is flat, so this pass itself is linear in the file.
/// </summary>
internal static class YamlShapeCheck
{
    /// <summary>Far above any real config (lists live in their own files), far below what hurts.</summary>
    public const int MaxNodes = 1_000_000;

    public const int MaxDepth = 64;

    /// <summary>False, with one located error on <paramref name="reader"/>, when the file must not be loaded.</summary>
    public static bool Check(ConfigReader reader, string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var nodes = 0;
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case AnchorAlias alias:
                        reader.Error(reader.Location(alias.Start), "", $"YAML alias '*{alias.Value}' is not allowed in the config; write the value out in full");
                        return false;
                    case MappingStart or SequenceStart:
                        if (++depth > MaxDepth)
                        {
                            reader.Error(reader.Location(parser.Current.Start), "", $"nested more than {MaxDepth} levels deep; the config never needs that");
                            return false;
                        }

                        break;
                    case MappingEnd or SequenceEnd:
                        depth--;
                        continue;
                    case Scalar:
                        break;
                    default:
                        continue;
                }

                if (++nodes > MaxNodes)
                {
                    reader.Error(reader.Location(parser.Current!.Start), "", $"more than {MaxNodes:N0} YAML nodes; the config never needs that");
                    return false;
                }
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            // Syntax errors are reported, with their location, by the load that follows.
        }

        return true;
    }
}
