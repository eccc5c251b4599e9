using System.Text;

namespace SipGuard.Evidence.Capture;

/// <summary>The few fields of a SIP message the matching needs, read leniently: the real parse is the re-decision's.</summary>
internal sealed record SipSummary(string? Method, int Status, string? CallId, string? CSeqMethod, bool ToHasTag)
{
    public static bool TryRead(byte[] payload, out SipSummary summary)
    {
        summary = new SipSummary(null, 0, null, null, false);
        var text = Encoding.UTF8.GetString(payload);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var lines = (end < 0 ? text : text[..end]).Split("\r\n");
        var first = lines[0].Split(' ');
        if (first.Length < 3)
        {
            return false;
        }

        string? method = null;
        var status = 0;
        if (first[0] == "SIP/2.0" && int.TryParse(first[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
        {
            status = code;
        }
        else if (first[2] == "SIP/2.0")
        {
            method = first[0];
        }
        else
        {
            return false;
        }

        string? callId = null, cseq = null;
        var toTag = false;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Call-ID", StringComparison.OrdinalIgnoreCase) || name.Equals("i", StringComparison.OrdinalIgnoreCase))
            {
                callId = value;
            }
            else if (name.Equals("CSeq", StringComparison.OrdinalIgnoreCase))
            {
                cseq = value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
            }
            else if (name.Equals("To", StringComparison.OrdinalIgnoreCase) || name.Equals("t", StringComparison.OrdinalIgnoreCase))
            {
                toTag = value.Contains(";tag=", StringComparison.OrdinalIgnoreCase);
            }
        }

        summary = new SipSummary(method, status, callId, cseq, toTag);
        return true;
    }
}
