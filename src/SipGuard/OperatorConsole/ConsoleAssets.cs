using System.Collections.Frozen;
using System.Reflection;

namespace SipGuard.OperatorConsole;

/// <summary>The console's page, script and style, embedded in the assembly (nothing is fetched from elsewhere at run time).</summary>
internal static class ConsoleAssets
{
    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Assets = Load();

    public static (byte[] Body, string ContentType)? Find(string name) => Assets.TryGetValue(name, out var asset) ? asset : null;

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        var assembly = typeof(ConsoleAssets).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("console/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource["console/".Length..];
            assets[name] = (copy.ToArray(), ContentTypeOf(name));
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        _ => "application/octet-stream",
    };
}
