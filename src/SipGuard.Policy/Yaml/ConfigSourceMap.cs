using System.Collections.Frozen;

namespace SipGuard.Policy.Yaml;

/// <summary>
/// Where every node of a loaded config file is, by config path (<c>trunks.acme-line-1.sources[0]</c>), so errors
/// found later by a compiler that only knows paths can still point at a line and column.
/// </summary>
public sealed class ConfigSourceMap
{
    private readonly FrozenDictionary<string, ConfigLocation> _values;
    private readonly FrozenDictionary<string, ConfigLocation> _keys;

    internal ConfigSourceMap(
        string filePath,
        IDictionary<string, ConfigLocation> values,
        IDictionary<string, ConfigLocation> keys)
    {
        FilePath = filePath;
        _values = values.ToFrozenDictionary(StringComparer.Ordinal);
        _keys = keys.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The config file as the operator named it.</summary>
    public string FilePath { get; }

    /// <summary>Every config path that has a node, for diagnostics and tests.</summary>
    public IEnumerable<string> Paths => _values.Keys;

    /// <summary>
    /// The location of the value at <paramref name="configPath"/>; for a path the file does not contain (a key the
    /// operator left out), the nearest enclosing node that exists; the file itself when nothing matches.
    /// </summary>
    public ConfigLocation Locate(string configPath)
    {
        var path = configPath;
        while (true)
        {
            if (_values.TryGetValue(path, out var location))
            {
                return location;
            }

            var cut = ParentLength(path);
            if (cut < 0)
            {
                return new ConfigLocation(FilePath, 0, 0);
            }

            path = path[..cut];
        }
    }

    /// <summary>The location of the mapping key that ends <paramref name="configPath"/> (falls back to <see cref="Locate"/>).</summary>
    public ConfigLocation LocateKey(string configPath) =>
        _keys.TryGetValue(configPath, out var location) ? location : Locate(configPath);

    /// <summary>Turns a compiler's path-only error into a located one.</summary>
    /// <param name="error">An error from <see cref="PolicyCompiler.Compile"/>.</param>
    public ConfigError ToConfigError(PolicyError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ToConfigError(error.ConfigPath, error.Message, error.File, error.Line);
    }

    /// <summary>Turns a path-only error (a list file's line when <paramref name="file"/> is given) into a located one.</summary>
    internal ConfigError ToConfigError(string configPath, string message, string? file, int line)
    {
        if (file is { Length: > 0 })
        {
            // List file errors name the list file and its line; show it the way the operator reaches it.
            var shown = Path.IsPathRooted(file) ? file : Path.Join(Path.GetDirectoryName(FilePath), file);
            return new ConfigError(new ConfigLocation(shown, line, 0), configPath, message);
        }

        return new ConfigError(Locate(configPath), configPath, message);
    }

    /// <summary>Length of the parent path (<c>a.b[2]</c> → <c>a.b</c>, <c>a.b</c> → <c>a</c>), or -1 at the root.</summary>
    private static int ParentLength(string path)
    {
        if (path.Length == 0)
        {
            return -1;
        }

        if (path[^1] == ']')
        {
            var open = path.LastIndexOf('[');
            return open > 0 ? open : -1;
        }

        var dot = path.LastIndexOf('.');
        return dot > 0 ? dot : 0;
    }
}
