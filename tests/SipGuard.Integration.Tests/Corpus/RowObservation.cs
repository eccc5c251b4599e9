using System.Text;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>What one corpus row caused: the requests the upstream got for it, and what its caller heard.</summary>
internal sealed class RowObservation
{
    private readonly HashSet<string> _forwardBranches = new(StringComparer.Ordinal);
    private readonly HashSet<string> _answers = new(StringComparer.Ordinal);

    /// <summary>Distinct forwards (by SipGuard's branch; retransmissions of one count once).</summary>
    public List<byte[]> Forwards { get; } = [];

    /// <summary>Final responses SipGuard wrote itself, as "status reason | Warning".</summary>
    public List<(int Status, string Text)> LocalAnswers { get; } = [];

    /// <summary>Responses the upstream sent that SipGuard relayed back.</summary>
    public List<int> Relayed { get; } = [];

    public bool ConnectionClosed { get; set; }

    public void Upstream(byte[] datagram)
    {
        var m = new SipMessage();
        if (SipParser.Parse(datagram, 0, datagram.Length, SipParserLimits.Default, m).IsError)
        {
            Forwards.Add(datagram); // unparseable bytes forwarded are a forward all the same
            return;
        }

        if (!m.IsRequest || m.Method == SipMethod.Ack)
        {
            return; // SipGuard's hop-by-hop ACK of the upstream's 486
        }

        var top = m.IndexOf(KnownHeader.Via) is var via and >= 0 ? Encoding.Latin1.GetString(m[m.Headers[via].Value]) : "";
        if (_forwardBranches.Add(top))
        {
            Forwards.Add(datagram);
        }
    }

    public void Caller(byte[] message)
    {
        var m = new SipMessage();
        if (SipParser.Parse(message, 0, message.Length, SipParserLimits.Default, m).IsError || m.IsRequest || m.StatusCode < 200)
        {
            return; // 100 Trying, or anything that is not a final response
        }

        var reason = Encoding.Latin1.GetString(m[m.ReasonPhraseRange]);
        if (reason.StartsWith(UdpRecorder.UpstreamReasonPrefix, StringComparison.Ordinal))
        {
            if (_answers.Add("relayed " + m.StatusCode))
            {
                Relayed.Add(m.StatusCode);
            }

            return;
        }

        var warning = m.TryGetValue(KnownHeader.Warning, out var w) ? Encoding.Latin1.GetString(m[w]) : "";
        var text = $"{m.StatusCode} {reason}{(warning.Length > 0 ? " | Warning: " + warning : "")}";
        if (_answers.Add(text))
        {
            LocalAnswers.Add((m.StatusCode, text));
        }
    }

    /// <summary>The outcome in the manifest's words: accept (forwarded), a status SipGuard answered, close, or drop.</summary>
    public string Outcome => Forwards.Count > 0 ? "accept"
        : LocalAnswers.Count > 0 ? LocalAnswers[0].Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
        : ConnectionClosed ? "close"
        : "drop";
}
