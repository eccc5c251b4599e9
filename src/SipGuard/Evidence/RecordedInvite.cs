using System.Text;
using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>The INVITE bytes a call record kept: as text, or base64 when they were not valid UTF-8; null when none was kept or it was cut.</summary>
internal static class RecordedInvite
{
    public static byte[]? Read(JsonElement record)
    {
        if (record.TryGetProperty("invite_cut", out _))
        {
            return null;
        }

        return record.TryGetProperty(EvidenceJson.Invite, out var text) && text.ValueKind == JsonValueKind.String ? Encoding.UTF8.GetBytes(text.GetString()!)
            : record.TryGetProperty(EvidenceJson.InviteBase64, out var b64) && b64.ValueKind == JsonValueKind.String ? b64.GetBytesFromBase64()
            : null;
    }
}
