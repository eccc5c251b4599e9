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

        return new CallExplanation(trace, response, decision.Forwards ? ForwardedIdentity(workspace, snapshot, decision) : []);
    }

    /// <summary>The identity lines of the request as the forward stage would write them: the same editor, the same inputs.</summary>
    private static List<string> ForwardedIdentity(ProxyWorkspace workspace, ProxySnapshot snapshot, in Decision decision)
    {
        var message = workspace.Message;
        var editor = workspace.Editor;
        editor.Reset(message);
        var upstream = decision.Trunk is null ? null : snapshot.UpstreamFor(decision.Trunk);
        Identity.IdentityEditor.EditRequest(message, editor, decision, decision.Trunk, snapshot.Policy, upstream, snapshot.Identity);
        var output = new byte[editor.GetLength()];
        var lines = new List<string>();
        if (!editor.TryWrite(output, out var written) ||
            SipParser.Parse(output, 0, written, SipParserLimits.Default, workspace.Stored, SipFramingMode.Datagram).IsError)
        {
            return lines;
        }

        foreach (var header in workspace.Stored.Headers)
        {
            if (header.Id is Sip.Messages.KnownHeader.From or Sip.Messages.KnownHeader.PAssertedIdentity or Sip.Messages.KnownHeader.PPreferredIdentity
                or Sip.Messages.KnownHeader.RemotePartyId or Sip.Messages.KnownHeader.Privacy or Sip.Messages.KnownHeader.Diversion or Sip.Messages.KnownHeader.HistoryInfo)
            {
                lines.Add(System.Text.Encoding.UTF8.GetString(workspace.Stored[header.Line]).TrimEnd('\r', '\n'));
            }
        }

        return lines;
    }
}
