using System.Text;

namespace SipGuard.Proxy.Tests.Core;

/// <summary>Test-side helpers that build and pick apart SIP text (tests only: strings are fine here).</summary>
internal static class Sip
{
    public const string Service = "4008001234";
    public const string AllowedCaller = "+861066022236";

    public static string Invite(
        string callId,
        string from = AllowedCaller,
        string sentBy = "127.0.0.2:15070",
        string branch = "z9hG4bK-c1",
        int maxForwards = 70,
        string? extraHeader = null,
        string? contentLength = null)
    {
        const string body = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 16000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n";
        var sb = new StringBuilder();
        sb.Append($"INVITE sip:{Service}@127.0.0.1:15060 SIP/2.0\r\n");
        sb.Append($"Via: SIP/2.0/UDP {sentBy};branch={branch}\r\n");
        sb.Append($"Max-Forwards: {maxForwards}\r\n");
        sb.Append($"From: <sip:{from}@127.0.0.2>;tag=from-{callId}\r\n");
        sb.Append($"To: <sip:{Service}@127.0.0.1>\r\n");
        sb.Append($"Call-ID: {callId}\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        sb.Append($"Contact: <sip:{from}@{sentBy}>\r\n");
        sb.Append("User-Agent: proxy-tests  (two spaces kept)\r\n");
        if (extraHeader is not null)
        {
            sb.Append(extraHeader).Append("\r\n");
        }

        sb.Append("Content-Type: application/sdp\r\n");
        sb.Append($"Content-Length: {contentLength ?? body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)}\r\n\r\n");
        sb.Append(body);
        return sb.ToString();
    }

    /// <summary>An ACK or CANCEL for the caller's INVITE (same branch, as RFC 3261 §17.1.1.3 / §9.1 require).</summary>
    public static string SameBranch(string method, string invite, string? toHeader = null)
    {
        var sb = new StringBuilder();
        sb.Append($"{method} sip:{Service}@127.0.0.1:15060 SIP/2.0\r\n");
        sb.Append(Header(invite, "Via")).Append("\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append(Header(invite, "From")).Append("\r\n");
        sb.Append(toHeader ?? Header(invite, "To")).Append("\r\n");
        sb.Append(Header(invite, "Call-ID")).Append("\r\n");
        sb.Append($"CSeq: 1 {method}\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    /// <summary>A response from the upstream: every Via, Record-Route, From, Call-ID, CSeq copied; To tagged.</summary>
    public static string Response(byte[] request, int status, string reason, string toTag = "up-1")
    {
        var text = Text(request);
        var sb = new StringBuilder();
        sb.Append($"SIP/2.0 {status} {reason}\r\n");
        foreach (var line in Lines(text).Where(l => IsHeader(l, "Via") || IsHeader(l, "Record-Route")))
        {
            sb.Append(line).Append("\r\n");
        }

        sb.Append(Header(text, "From")).Append("\r\n");
        sb.Append(Header(text, "To")).Append($";tag={toTag}\r\n");
        sb.Append(Header(text, "Call-ID")).Append("\r\n");
        sb.Append(Header(text, "CSeq")).Append("\r\n");
        sb.Append("Server: upstream-test\r\n");
        sb.Append("Content-Length: 0\r\n\r\n");
        return sb.ToString();
    }

    public static string Text(byte[] data) => Encoding.ASCII.GetString(data);

    public static int StatusOf(byte[] data)
    {
        var text = Text(data);
        return text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(8, 3), provider: System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public static string StartLine(byte[] data) => Lines(Text(data)).First();

    public static IEnumerable<string> Lines(string text)
    {
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? text : text[..end];
        return head.Split("\r\n");
    }

    public static string Header(string text, string name) =>
        Lines(text).FirstOrDefault(l => IsHeader(l, name)) ?? throw new Xunit.Sdk.XunitException($"no {name} header in:\n{text}");

    public static string Header(byte[] data, string name) => Header(Text(data), name);

    public static bool HasHeader(byte[] data, string name) => Lines(Text(data)).Any(l => IsHeader(l, name));

    public static string Branch(string viaLine)
    {
        var start = viaLine.IndexOf("branch=", StringComparison.Ordinal) + 7;
        var end = viaLine.IndexOfAny([';', ',', ' '], start);
        return end < 0 ? viaLine[start..] : viaLine[start..end];
    }

    public static bool IsHeader(string line, string name) =>
        line.StartsWith(name, StringComparison.OrdinalIgnoreCase) && line.AsSpan(name.Length).TrimStart(' ').StartsWith(":");

    /// <summary>The message with the first line carrying each named header removed (bytes otherwise kept).</summary>
    public static string WithoutFirst(string text, params string[] names)
    {
        var result = text;
        foreach (var name in names)
        {
            var line = Header(result, name) + "\r\n";
            var at = result.IndexOf(line, StringComparison.Ordinal);
            result = result.Remove(at, line.Length);
        }

        return result;
    }
}
