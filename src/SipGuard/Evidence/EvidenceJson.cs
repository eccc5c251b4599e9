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
    public const string Kind = "kind";

    public static void Write(Utf8JsonWriter json, EvidenceRecord r, long seq, string prev)
    {
        json.WriteStartObject();
        json.WriteNumber(Seq, seq);
        json.WriteString(Prev, prev);
        json.WriteString(Time, DateTimeOffset.FromUnixTimeMilliseconds(r.UnixMilliseconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        if (r.ListChange is { } change)
        {
            // Not a call: a change made through the admin list API, in the same chain.
            json.WriteString(Kind, ListChangeEvidence.Kind);
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
        json.WriteEndObject();
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
