using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>
/// The monthly interception report the notice asks for, computed from the evidence log: counts by
/// trunk × reason × UTC day, and the most-blocked caller numbers.
/// </summary>
internal sealed record EvidenceReport(
    DateOnly? From,
    DateOnly? To,
    long Records,
    IReadOnlyList<ReportRow> Rows,
    IReadOnlyList<ReportCaller> TopCallers,
    IReadOnlyList<TrunkTotals> Totals)
{
    public const int TopCallerCount = 10;

    /// <summary>Unknown peers have no trunk; they are reported under this name.</summary>
    public const string NoTrunk = "(unknown peer)";

    /// <summary>Reads every record whose UTC day is within [<paramref name="from"/>, <paramref name="to"/>] (either end open when null).</summary>
    public static EvidenceReport Build(string directory, DateOnly? from, DateOnly? to)
    {
        var cells = new Dictionary<(DateOnly, string, string), long>();
        var callers = new Dictionary<string, long>(StringComparer.Ordinal);
        long records = 0;
        var totals = new Dictionary<string, long[]>(StringComparer.Ordinal);
        var rules = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        foreach (var (name, path) in EvidenceFileName.List(directory))
        {
            // A file holds one UTC day only, so whole files outside the range are skipped unread.
            if ((from is { } f && name.Day < f) || (to is { } t && name.Day > t))
            {
                continue;
            }

            foreach (var line in File.ReadLines(path))
            {
                if (line.Contains("\"type\":\"totals\"", StringComparison.Ordinal))
                {
                    AddTotals(line, from, to, totals, rules);
                    continue;
                }

                if (!line.Contains("\"type\":\"call\"", StringComparison.Ordinal) || !TryRead(line, out var day, out var trunk, out var reason, out var caller, out var blocked)
                    || (from is { } lo && day < lo) || (to is { } hi && day > hi))
                {
                    continue;
                }

                records++;
                var key = (day, trunk, reason);
                cells[key] = cells.GetValueOrDefault(key) + 1;
                if (blocked && caller is not null)
                {
                    callers[caller] = callers.GetValueOrDefault(caller) + 1;
                }
            }
        }

        var rows = cells
            .Select(c => new ReportRow(c.Key.Item1, c.Key.Item2, c.Key.Item3, c.Value))
            .OrderBy(r => r.Day).ThenBy(r => r.Trunk, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal)
            .ToList();
        var top = callers
            .OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal)
            .Take(TopCallerCount)
            .Select(c => new ReportCaller(c.Key, c.Value))
            .ToList();
        var lines = totals.OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new TrunkTotals(t.Key, t.Value[0], t.Value[1], t.Value[2], t.Value[3], t.Value[4], rules.GetValueOrDefault(t.Key) ?? []))
            .ToList();
        return new EvidenceReport(from, to, records, rows, top, lines);
    }

    private static readonly string[] Counts = ["screened", "allowed", "intercepted", "flagged", "tagged"];

    private static void AddTotals(string line, DateOnly? from, DateOnly? to, Dictionary<string, long[]> totals, Dictionary<string, Dictionary<string, long>> rules)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (!root.TryGetProperty("day", out var dayText) || !DateOnly.TryParseExact(dayText.GetString(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
                || (from is { } lo && day < lo) || (to is { } hi && day > hi)
                || !root.TryGetProperty(EvidenceJson.Trunk, out var trunkElement) || trunkElement.GetString() is not { } trunk)
            {
                return;
            }

            var sums = totals.TryGetValue(trunk, out var s) ? s : totals[trunk] = new long[Counts.Length];
            for (var i = 0; i < Counts.Length; i++)
            {
                sums[i] += root.TryGetProperty(Counts[i], out var n) && n.TryGetInt64(out var v) ? v : 0;
            }

            if (root.TryGetProperty("rules", out var byRule) && byRule.ValueKind == JsonValueKind.Object)
            {
                var perRule = rules.TryGetValue(trunk, out var r) ? r : rules[trunk] = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var rule in byRule.EnumerateObject())
                {
                    perRule[rule.Name] = perRule.GetValueOrDefault(rule.Name) + (rule.Value.TryGetInt64(out var v) ? v : 0);
                }
            }
        }
        catch (JsonException)
        {
            // A line that is not JSON is the verifier's business; the report counts what it can read.
        }
    }

    private static bool TryRead(string line, out DateOnly day, out string trunk, out string reason, out string? caller, out bool blocked)
    {
        day = default;
        trunk = reason = string.Empty;
        caller = null;
        blocked = false;
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (IsListChange(root) || !root.TryGetProperty(EvidenceJson.Time, out var time) || !time.TryGetDateTimeOffset(out var at))
            {
                return false;
            }

            day = DateOnly.FromDateTime(at.UtcDateTime);
            trunk = root.TryGetProperty(EvidenceJson.Trunk, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : NoTrunk;
            reason = root.TryGetProperty(EvidenceJson.Rule, out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : "?";
            caller = root.TryGetProperty(EvidenceJson.Caller, out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            blocked = root.TryGetProperty(EvidenceJson.Decision, out var d) && d.ValueKind == JsonValueKind.String
                && d.GetString() is "reject" or "would-reject";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool IsListChange(JsonElement root) =>
        root.TryGetProperty(EvidenceJson.Type, out var type) && type.ValueKind == JsonValueKind.String && type.ValueEquals(ListChangeEvidence.Type);
}
