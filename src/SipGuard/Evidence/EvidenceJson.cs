using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Sip.Transports;

namespace SipGuard.Evidence;

/// <summary>
/// Writes one record as one JSON object. <c>seq</c> and <c>prev</c> come first so a reader (and
/// <c>evidence verify</c>) finds the chain without parsing the rest. Field names are the log's format.
/// </summary>
internal static class EvidenceJson
{
    public const string Seq = "seq";
    public const string Prev = "prev";
    public const string Time = "time";
    public const string Trunk = "trunk";
    public const string Rule = "rule";
    public const string Caller = "caller";
    public const string Decision = "decision";
    public const string Type = "type";
    public const string Invite = "invite";
    public const string InviteBase64 = "invite_base64";

    public static string FormatTime(long unixMilliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static void Write(Utf8JsonWriter json, EvidenceRecord r, long seq, string prev, EvidenceDetails? details = null)
    {
        json.WriteStartObject();
        json.WriteNumber(Seq, seq);
        json.WriteString(Prev, prev);
        json.WriteString(Time, FormatTime(r.UnixMilliseconds));
        if (r.ListChange is { } change)
        {
            // Not a call: a change made through the admin list API, in the same chain.
            json.WriteString(Type, ListChangeEvidence.Type);
            json.WriteString("by", change.By);
            json.WriteString("action", change.Action);
            json.WriteString("list", change.List);
            json.WriteStartArray("entries");
            foreach (var entry in change.Entries)
            {
                json.WriteStringValue(entry);
            }

            json.WriteEndArray();
            json.WriteEndObject();
            return;
        }

        json.WriteString(Type, "call");
        WriteNullable(json, Trunk, r.TrunkId);
        WriteNullable(json, "mode", r.Mode switch
        {
            TrunkMode.Enforce => "enforce",
            TrunkMode.Monitor => "monitor",
            TrunkMode.Off => "off",
            _ => null,
        });
        json.WriteString("source", r.Source.ToString());
        json.WriteString("transport", r.Transport == SipTransportKind.Tcp ? "tcp" : "udp");
        WriteText(json, "call_id", r, r.CallId);
        WriteText(json, "request_uri", r, r.RequestUri);
        WriteText(json, "from", r, r.From);
        WriteText(json, "to", r, r.To);
        json.WriteStartArray("pai");
        for (var i = 0; i < r.PaiCount; i++)
        {
            WriteTextValue(json, r[r.Pai[i]]);
        }

        json.WriteEndArray();
        WriteText(json, "privacy", r, r.Privacy);
        json.WriteStartArray("rpid");
        for (var i = 0; i < r.RpidCount; i++)
        {
            WriteTextValue(json, r[r.Rpid[i]]);
        }

        json.WriteEndArray();
        WriteNumber(json, Caller, r.CallerNumber);
        WriteNumber(json, "rule_number", r.RuleNumber);
        json.WriteString(Decision, r.Outcome switch
        {
            DecisionOutcome.Reject => "reject",
            DecisionOutcome.WouldReject => "would-reject",
            DecisionOutcome.Tag => "tag",
            _ => "allow",
        });
        json.WriteNumber("status", r.Status);
        json.WriteString("reason", r.ReasonPhrase);
        json.WriteString(Rule, r.RuleId);
        WriteNullable(json, "tag", r.Tag);
        WriteNullable(json, "list", r.ListId);
        json.WriteNumber("response", r.ResponseStatus);
        WriteInvite(json, r);
        EvidenceTraceJson.Write(json, details);
        json.WriteEndObject();
    }

    /// <summary>A signed checkpoint: the chain up to <paramref name="prev"/> (seq - 1 lines) is vouched for by <paramref name="signature"/>.</summary>
    public static void WriteCheckpoint(Utf8JsonWriter json, long seq, string prev, string time, string reason, string? next, string keyId, string signature)
    {
        json.WriteStartObject();
        json.WriteNumber(Seq, seq);
        json.WriteString(Prev, prev);
        json.WriteString(Time, time);
        json.WriteString(Type, "checkpoint");
        json.WriteString("reason", reason);
        WriteNullable(json, "next", next);
        json.WriteString("key", keyId);
        json.WriteString("sig", signature);
        json.WriteEndObject();
    }

    public static void WriteTotals(Utf8JsonWriter json, TotalsDelta t, long unixMilliseconds, long seq, string prev)
    {
        json.WriteStartObject();
        json.WriteNumber(Seq, seq);
        json.WriteString(Prev, prev);
        json.WriteString(Time, FormatTime(unixMilliseconds));
        json.WriteString(Type, "totals");
        json.WriteString("day", t.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteString(Trunk, t.Trunk);
        json.WriteNumber("screened", t.Screened);
        json.WriteNumber("allowed", t.Allowed);
        json.WriteNumber("intercepted", t.Intercepted);
        json.WriteNumber("flagged", t.Flagged);
        json.WriteNumber("tagged", t.Tagged);
        json.WriteStartObject("rules");
        foreach (var (rule, n) in t.Rules)
        {
            json.WriteNumber(rule, n);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The INVITE as received: as text when it is UTF-8 (JSON escapes round-trip it byte for byte), else base64; cut requests say so.</summary>
    private static void WriteInvite(Utf8JsonWriter json, EvidenceRecord r)
    {
        if (r.InviteLength == 0)
        {
            return;
        }

        var bytes = r[r.Invite];
        if (Utf8.IsValid(bytes))
        {
            json.WriteString(Invite, bytes);
        }
        else
        {
            json.WriteBase64String(InviteBase64, bytes);
        }

        json.WriteNumber("invite_bytes", r.InviteLength);
        if (r.Invite.Length < r.InviteLength)
        {
            json.WriteBoolean("invite_cut", true);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteText(Utf8JsonWriter json, string name, EvidenceRecord r, TextRange range)
    {
        if (range.IsEmpty)
        {
            json.WriteNull(name);
            return;
        }

        json.WritePropertyName(name);
        WriteTextValue(json, r[range]);
    }

    // Header bytes come from the wire: write valid UTF-8 as is, anything else with replacement characters.
    private static void WriteTextValue(Utf8JsonWriter json, ReadOnlySpan<byte> value)
    {
        if (Utf8.IsValid(value))
        {
            json.WriteStringValue(value);
        }
        else
        {
            json.WriteStringValue(Encoding.UTF8.GetString(value));
        }
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, E164Number number)
    {
        Span<byte> digits = stackalloc byte[E164Number.MaxDigits + 1];
        if (number.IsEmpty || !number.TryFormat(digits, out var n))
        {
            json.WriteNull(name);
            return;
        }

        json.WriteString(name, digits[..n]);
    }
}
