using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SipGuard.Evidence;

/// <summary>
/// Turns one call record into a SIPp UAC scenario that sends its INVITE again and expects the
/// recorded final status. Only what SIPp must own is substituted: the top Via (SIPp's address, port,
/// transport and a fresh branch, so the answer comes back to it), the Call-ID, Content-Length and the
/// Request-URI's host. Every other header (From, P-Asserted-Identity, Remote-Party-ID, Privacy, ...)
/// and the body are the recorded bytes, so the replay presents the same identities.
/// </summary>
internal static class SippScenario
{
    /// <summary>The scenario XML and the CSV injection file (one row: the Request-URI user, field0), or why not.</summary>
    public static bool TryCreate(JsonElement record, out string scenario, out string csv, out string error)
    {
        scenario = csv = error = string.Empty;
        var invite = RecordedInvite.Read(record);
        if (invite is null)
        {
            error = "the record kept no whole INVITE (cut or not recorded); nothing to replay";
            return false;
        }

        var status = record.TryGetProperty("response", out var r) && r.TryGetInt32(out var s) ? s : 0;
        if (status < 200)
        {
            error = "the record has no final response to expect";
            return false;
        }

        var text = Encoding.UTF8.GetString(invite);
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = split < 0 ? text : text[..split];
        var body = split < 0 ? string.Empty : text[(split + 4)..];
        var lines = head.Split("\r\n");
        var request = lines[0].Split(' ');
        if (request.Length != 3 || request[0] != "INVITE" || !TrySplitUri(request[1], out var scheme, out var user))
        {
            error = $"the recorded request line '{lines[0]}' is not INVITE sip:user@host SIP/2.0";
            return false;
        }

        var message = new StringBuilder();
        message.Append("INVITE ").Append(scheme).Append(":[field0]@[remote_ip]:[remote_port] SIP/2.0\n");
        var viaReplaced = false;
        string cseq = "1";
        foreach (var line in lines.Skip(1))
        {
            var name = line.Split(':', 2)[0].Trim();
            if (IsHeader(name, "Via", "v") && !viaReplaced)
            {
                // A Via line may list several values: only the first is SipGuard's next hop back.
                var rest = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..];
                var comma = rest.IndexOf(',', StringComparison.Ordinal);
                message.Append("Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n");
                if (comma >= 0)
                {
                    message.Append("Via: ").Append(rest[(comma + 1)..].Trim()).Append('\n');
                }

                viaReplaced = true;
            }
            else if (IsHeader(name, "Call-ID", "i"))
            {
                message.Append("Call-ID: [call_id]\n");
            }
            else if (IsHeader(name, "Content-Length", "l"))
            {
                message.Append("Content-Length: [len]\n");
            }
            else
            {
                if (IsHeader(name, "CSeq", ""))
                {
                    cseq = line.Split(':', 2)[1].Trim().Split(' ')[0];
                }

                if (!Literal(line, out error))
                {
                    return false;
                }

                message.Append(line).Append('\n');
            }
        }

        if (!Literal(body, out error))
        {
            return false;
        }

        message.Append('\n').Append(body);
        var callId = record.TryGetProperty("call_id", out var id) ? id.GetString() : null;
        var source = record.TryGetProperty("source", out var src) ? src.GetString() : null;
        scenario = Xml(message.ToString(), scheme, status, cseq, callId, source);
        csv = "SEQUENTIAL\n" + user + ";\n";
        return true;
    }

    private static string Xml(string invite, string scheme, int status, string cseq, string? callId, string? source)
    {
        var xml = new StringBuilder();
        xml.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n");
        xml.Append("<!DOCTYPE scenario SYSTEM \"sipp.dtd\">\n");
        xml.Append("<!-- Replays recorded call ").Append(Comment(callId)).Append(" (from ").Append(Comment(source))
            .Append("); expects ").Append(status.ToString(CultureInfo.InvariantCulture))
            .Append(". Run from the recorded source address so SipGuard picks the same line: sipp -sf scenario.xml -inf call.csv -i <source ip> -m 1 <sipguard host:port> -->\n");
        xml.Append("<scenario name=\"replay ").Append(Attribute(callId)).Append("\">\n");
        xml.Append("  <send retrans=\"500\">\n    <![CDATA[\n").Append(invite.Replace("]]>", "]]]]><![CDATA[>", StringComparison.Ordinal)).Append("\n    ]]>\n  </send>\n");
        foreach (var provisional in new[] { 100, 180, 183 })
        {
            xml.Append("  <recv response=\"").Append(provisional).Append("\" optional=\"true\" />\n");
        }

        var ok = status is >= 200 and < 300;
        xml.Append("  <recv response=\"").Append(status.ToString(CultureInfo.InvariantCulture)).Append('"').Append(ok ? " rrs=\"true\"" : "").Append(" />\n");
        if (ok)
        {
            xml.Append(Request($"ACK [next_url] SIP/2.0", "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n[routes]", cseq + " ACK"));
            xml.Append(Request($"BYE [next_url] SIP/2.0", "Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]\n[routes]", Next(cseq) + " BYE"));
            xml.Append("  <recv response=\"200\" />\n");
        }
        else
        {
            // The ACK of a non-2xx answer belongs to the INVITE's transaction: its Via (branch) and Request-URI.
            xml.Append(Request($"ACK {scheme}:[field0]@[remote_ip]:[remote_port] SIP/2.0", "[last_Via:]", cseq + " ACK"));
        }

        xml.Append("</scenario>\n");
        return xml.ToString();
    }

    private static string Request(string line, string via, string cseq) =>
        $"  <send>\n    <![CDATA[\n{line}\n{via}\n[last_From:]\n[last_To:]\n[last_Call-ID:]\nCSeq: {cseq}\nMax-Forwards: 70\nContent-Length: 0\n\n    ]]>\n  </send>\n";

    private static string Next(string cseq) => long.TryParse(cseq, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (n + 1).ToString(CultureInfo.InvariantCulture) : cseq;

    private static bool TrySplitUri(string uri, out string scheme, out string user)
    {
        scheme = user = string.Empty;
        var colon = uri.IndexOf(':', StringComparison.Ordinal);
        var at = uri.IndexOf('@', StringComparison.Ordinal);
        if (colon <= 0 || at <= colon + 1)
        {
            return false;
        }

        scheme = uri[..colon];
        user = uri[(colon + 1)..at];
        // field0 is one CSV field: a user part with the separator stays out of the replay.
        return !user.Contains(';', StringComparison.Ordinal) && Literal(user, out _);
    }

    /// <summary>SIPp reads every [..] in a message as a keyword: a kept header with brackets (an IPv6 literal) cannot be sent unchanged.</summary>
    private static bool Literal(string text, out string error)
    {
        error = text.AsSpan().IndexOfAny('[', ']') >= 0 ? $"'{text}' holds '[' or ']', which SIPp reads as a keyword; it cannot be replayed unchanged" : string.Empty;
        return error.Length == 0;
    }

    private static bool IsHeader(string name, string full, string compact) =>
        name.Equals(full, StringComparison.OrdinalIgnoreCase) || (compact.Length > 0 && name.Equals(compact, StringComparison.OrdinalIgnoreCase));

    private static string Comment(string? text) => (text ?? "?").Replace("--", "- -", StringComparison.Ordinal);

    private static string Attribute(string? text) => System.Security.SecurityElement.Escape(text ?? "?");
}
