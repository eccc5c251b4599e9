using System.Globalization;

namespace SipGuard.Policy.Yaml;

/// <summary>Durations as operators write them: a whole number and one unit (<c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>).</summary>
internal static class DurationSyntax
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var s = text.AsSpan().Trim();
        var digits = 0;
        while (digits < s.Length && char.IsAsciiDigit(s[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(s[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            return false;
        }

        var unit = s[digits..].Trim();
        long? milliseconds = unit switch
        {
            "ms" => amount,
            "s" => amount * 1_000,
            "m" => amount * 60_000,
            "h" => amount * 3_600_000,
            _ => null,
        };
        if (milliseconds is null || amount > 1_000_000_000)
        {
            return false;
        }

        value = TimeSpan.FromMilliseconds(milliseconds.Value);
        return true;
    }

    public static string Format(TimeSpan value) =>
        value.TotalMilliseconds % 1_000 != 0 ? $"{value.TotalMilliseconds:0}ms"
        : value.TotalSeconds % 60 != 0 || value.TotalSeconds < 60 ? $"{value.TotalSeconds:0}s"
        : value.TotalMinutes % 60 != 0 || value.TotalMinutes < 60 ? $"{value.TotalMinutes:0}m"
        : $"{value.TotalHours:0}h";
}
