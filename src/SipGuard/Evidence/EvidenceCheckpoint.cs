using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>A checkpoint line's signed fields.</summary>
internal sealed record EvidenceCheckpoint(string Time, string Reason, string? Next, string Key, string Signature)
{
    public static EvidenceCheckpoint? Parse(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var reader = new Utf8JsonReader(bytes);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            return new EvidenceCheckpoint(
                Text(root, EvidenceJson.Time) ?? "",
                Text(root, "reason") ?? "",
                Text(root, "next"),
                Text(root, "key") ?? "",
                Text(root, "sig") ?? "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
