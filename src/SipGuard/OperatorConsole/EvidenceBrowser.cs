using System.Text.Json;
using System.Text.Json.Nodes;
using SipGuard.Evidence;

namespace SipGuard.OperatorConsole;

/// <summary>
/// Reads the newest screened-call records from the evidence log's files (newest file first, newest line first),
/// through the log's own file naming and field names; list-change records are left out. Reads only the files
/// it needs and stops at the limit, so a large log costs a page, not a scan.
/// </summary>
internal sealed class EvidenceBrowser(string directory)
{
    private const int MaxLinesScanned = 200_000;

    public IReadOnlyList<JsonObject> Latest(EvidenceQuery query)
    {
        var found = new List<JsonObject>();
        var scanned = 0;
        var files = EvidenceFileName.List(directory);
        for (var f = files.Count - 1; f >= 0 && found.Count < query.Limit && scanned < MaxLinesScanned; f--)
        {
            string[] lines;
            try
            {
                using var stream = new FileStream(files[f].Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream);
                lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                continue;
            }

            for (var i = lines.Length - 1; i >= 0 && found.Count < query.Limit && scanned < MaxLinesScanned; i--, scanned++)
            {
                if (Parse(lines[i]) is { } record && Matches(record, query))
                {
                    found.Add(record);
                }
            }
        }

        return found;
    }

    private static JsonObject? Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject;
        }
        catch (JsonException)
        {
            return null; // a line cut by a crash; evidence verify reports it
        }
    }

    private static bool Matches(JsonObject record, EvidenceQuery query)
    {
        if (Text(record, EvidenceJson.Type) is { } type && type != "call")
        {
            return false;
        }

        if (!string.IsNullOrEmpty(query.Trunk) && Text(record, EvidenceJson.Trunk) != query.Trunk)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(query.Reason) && Text(record, EvidenceJson.Rule) != query.Reason)
        {
            return false;
        }

        if (query.Since is not null || query.Until is not null)
        {
            if (!DateTimeOffset.TryParse(Text(record, EvidenceJson.Time), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ||
                at < query.Since || at > query.Until)
            {
                return false;
            }
        }

        if (string.IsNullOrEmpty(query.Number))
        {
            return true;
        }

        var digits = new string(query.Number.Where(char.IsAsciiDigit).ToArray());
        return digits.Length > 0 && record.ToJsonString().Contains(digits, StringComparison.Ordinal);
    }

    private static string? Text(JsonObject record, string name) =>
        record.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var s) ? s : null;
}
