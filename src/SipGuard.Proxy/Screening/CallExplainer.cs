using SipGuard.Policy;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Screening;

/// <summary>
/// What the proxy would do with an INVITE, step by step, for <c>sipguard explain</c>: the request is
/// parsed and its identities extracted by the same code that serves calls, so the explanation
/// cannot drift from the behaviour.
/// </summary>
public static class CallExplainer
{
    public static CallExplanation Explain(ProxySnapshot snapshot, SipEndpoint source, SipTransportKind transport, byte[] invite)
    {
        var workspace = new ProxyWorkspace(Math.Max(invite.Length, 4096));
        invite.CopyTo(workspace.Input, 0);
        var error = SipParser.Parse(workspace.Input, 0, invite.Length, SipParserLimits.Default, workspace.Message, SipFramingMode.Datagram);
        if (error.IsError)
        {
            return new CallExplanation(null, $"400 {System.Text.Encoding.ASCII.GetString(SipErrorReactions.ReasonPhrase(error.Kind))} (the request does not parse: {error})");
        }

        if (!CallAttemptFactory.TryCreate(workspace, source, transport, 0, out var attempt))
        {
            return new CallExplanation(null, "400 Bad Identity Header (a P-Asserted-Identity, P-Preferred-Identity, From or Remote-Party-ID value does not parse)");
        }

        var trace = snapshot.Policy.Explain(attempt);
        var decision = trace.Decision;
        string response;
        if (decision.Outcome == DecisionOutcome.Reject)
        {
            response = $"{decision.Status} {decision.ReasonPhrase}, Warning: 399 {System.Text.Encoding.ASCII.GetString(snapshot.Behaviour.WarnAgent)} \"{decision.RuleId}\"";
        }
        else
        {
            var upstream = decision.Trunk is null ? null : snapshot.UpstreamFor(decision.Trunk);
            var where = upstream is null ? "no upstream configured: 503" : $"upstream '{upstream.Id}' ({upstream.Primary.Remote})";
            var how = decision.Outcome switch
            {
                DecisionOutcome.Tag => $"forwarded with {System.Text.Encoding.ASCII.GetString(snapshot.Behaviour.TagHeader)}: {decision.Tag}",
                DecisionOutcome.WouldReject => $"forwarded (monitor mode; enforce would answer {decision.Status} \"{decision.RuleId}\")",
                _ => "forwarded",
            };
            response = $"{how} to {where}";
        }

        return new CallExplanation(trace, response);
    }
}
