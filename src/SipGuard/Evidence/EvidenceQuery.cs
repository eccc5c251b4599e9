using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>Which call records an export takes: one Call-ID, or every record whose caller (or any identity) is a number within a time range.</summary>
internal sealed record EvidenceQuery(string? CallId, string? Number, DateTimeOffset? From, DateTimeOffset? To)
{
    public bool Matches(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (Text(root, EvidenceJson.Type) is { } type && type != "call")
            {
                return false;
            }

            if (CallId is not null)
            {
                return Text(root, "call_id") == CallId;
            }

            if (Text(root, EvidenceJson.Time) is not { } timeText || !DateTimeOffset.TryParse(timeText, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
                || (From is { } from && time < from) || (To is { } to && time > to))
            {
                return false;
            }

            return Number is null || Text(root, EvidenceJson.Caller) == Number || HasIdentity(root, Number);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool HasIdentity(JsonElement root, string number)
    {
        if (!root.TryGetProperty("trace", out var trace) || !trace.TryGetProperty("identities", out var ids) || ids.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var id in ids.EnumerateArray())
        {
            if (Text(id, "normalized") == number)
            {
                return true;
            }
        }

        return false;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
