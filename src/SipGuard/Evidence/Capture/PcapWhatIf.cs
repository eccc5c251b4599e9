using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Transports;

namespace SipGuard.Evidence.Capture;

/// <summary>
/// <c>whatif --pcap</c>: every initial INVITE in a capture (UDP) is re-decided under the candidate
/// config through the same parser and policy as a live call (<see cref="CallExplainer"/>), from the
/// source address in its IP header, and compared with the final response the capture holds for it.
/// Both sides are compared as what the caller got: <c>reject/NNN</c> (a final status of 300 or more)
/// or <c>allow</c> (2xx, or forwarded under the candidate). An INVITE with no final response in the
/// capture cannot be compared and is counted as skipped.
/// </summary>
internal static class PcapWhatIf
{
    public static WhatIfResult Run(IEnumerable<CapturedDatagram> datagrams, ProxySnapshot candidate)
    {
        var invites = new List<(string CallId, CapturedDatagram Packet)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var finals = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in datagrams)
        {
            if (!SipSummary.TryRead(d.Payload, out var sip) || sip.CallId is null)
            {
                continue;
            }

            if (sip.Method == "INVITE" && !sip.ToHasTag && seen.Add(sip.CallId))
            {
                invites.Add((sip.CallId, d));
            }
            else if (sip.Status >= 200 && sip.CSeqMethod == "INVITE")
            {
                finals.TryAdd(sip.CallId, sip.Status);
            }
        }

        var changes = new List<WhatIfChange>();
        long decided = 0, skipped = 0;
        foreach (var (callId, packet) in invites)
        {
            if (!finals.TryGetValue(callId, out var status))
            {
                skipped++;
                continue;
            }

            decided++;
            var before = status >= 300 ? "reject/" + status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "allow";
            var explained = CallExplainer.Explain(candidate, SipEndpoint.FromIPEndPoint(packet.Source), SipTransportKind.Udp, packet.Payload);
            var after = explained.Trace is not { } trace ? "reject/" + explained.Response.Split(' ')[0]
                : trace.Decision.Outcome == DecisionOutcome.Reject ? "reject/" + trace.Decision.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)
                : "allow";
            if (before != after)
            {
                var rule = explained.Trace?.Decision.RuleId;
                changes.Add(new WhatIfChange(callId, explained.Trace?.Decision.Trunk?.Id ?? EvidenceReport.NoTrunk, before, rule is null || after == "allow" ? after : after + " " + rule));
            }
        }

        return new WhatIfResult(decided, skipped, changes);
    }
}
