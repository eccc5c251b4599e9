using System.Text;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Transports;

namespace SipGuard.Hosting;

/// <summary>
/// <c>sipguard explain</c>: writes the INVITE the options describe, runs it through the proxy's own
/// screening path and prints the trunk, each identity, each rule, the response and, for a call it
/// would forward, the identity headers as they would leave. Exit code 0 when
/// the call would be forwarded, 2 when it would be rejected.
/// </summary>
internal sealed class PolicyExplainer : IExplainer
{
    public int Explain(RuntimeSnapshot snapshot, ExplainRequest request, TextWriter output)
    {
        var invite = BuildInvite(request);
        var explanation = CallExplainer.Explain(snapshot.Proxy, SipEndpoint.FromIPEndPoint(request.Source), SipTransportKind.Udp, invite);
        output.WriteLine("request:");
        foreach (var line in Encoding.UTF8.GetString(invite).Split("\r\n", StringSplitOptions.RemoveEmptyEntries))
        {
            output.WriteLine($"  {line}");
        }

        if (explanation.Trace is { } trace)
        {
            output.WriteLine("decision:");
            foreach (var line in trace.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                output.WriteLine($"  {line.TrimEnd('\r')}");
            }
        }

        output.WriteLine($"response: {explanation.Response}");
        if (explanation.ForwardedIdentity is { Count: > 0 } identity)
        {
            output.WriteLine("identity as forwarded:");
            foreach (var line in identity)
            {
                output.WriteLine($"  {line}");
            }
        }

        return explanation.Forwards ? 0 : 2;
    }

    private static byte[] BuildInvite(ExplainRequest request)
    {
        var to = request.To ?? "sip:callcenter@127.0.0.1";
        var host = request.Source.Address.ToString();
        var sb = new StringBuilder();
        sb.Append("INVITE ").Append(StripBrackets(to)).Append(" SIP/2.0\r\n");
        sb.Append("Via: SIP/2.0/UDP ").Append(host).Append(':').Append(request.Source.Port == 0 ? 5060 : request.Source.Port).Append(";branch=z9hG4bK-explain\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append("From: ").Append(AsNameAddr(request.From ?? $"sip:{host}")).Append(";tag=explain\r\n");
        sb.Append("To: ").Append(AsNameAddr(to)).Append("\r\n");
        sb.Append("Call-ID: explain@sipguard\r\n");
        sb.Append("CSeq: 1 INVITE\r\n");
        foreach (var pai in request.PAssertedIdentities)
        {
            sb.Append("P-Asserted-Identity: ").Append(AsNameAddr(pai)).Append("\r\n");
        }

        if (request.RemotePartyId is { } rpid)
        {
            sb.Append("Remote-Party-ID: ").Append(rpid).Append("\r\n");
        }

        if (request.Privacy.Count > 0)
        {
            sb.Append("Privacy: ").Append(string.Join(';', request.Privacy)).Append("\r\n");
        }

        sb.Append("Content-Length: 0\r\n\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string AsNameAddr(string uri) => uri.Contains('<', StringComparison.Ordinal) ? uri : $"<{uri}>";

    private static string StripBrackets(string uri)
    {
        var start = uri.IndexOf('<', StringComparison.Ordinal);
        var end = uri.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? uri[(start + 1)..end] : uri;
    }
}
