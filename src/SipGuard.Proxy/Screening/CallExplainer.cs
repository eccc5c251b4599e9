using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Policy;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Screening;

/// <summary>
/// What the proxy would do with a request, step by step, for <c>sipguard explain</c>: it runs the
/// live proxy's own stages (parser, <see cref="RequestGate"/>, <see cref="PeerClassifier"/>,
/// <see cref="RequestPlanner"/> with its in-dialog, inbound and screening routes, and
/// <see cref="UpstreamTargets.Choose"/> over the targets' breakers), so the explanation cannot
/// drift from the behaviour. Nothing is sent, counted in SipGuard's metrics or recorded as evidence;
/// admission limits (rates, concurrency) depend on live traffic and are not simulated.
/// </summary>
public static class CallExplainer
{
    // Counts and spans of explained requests go to a meter and an activity source of their own.
    private static readonly ProxyMetrics Unrecorded = new(meterName: "SipGuard.Explain");

    // A key of its own, drawn once (the evidence writer explains every recorded call, and a draw per
    // explanation cost an OpenSSL RAND call each): a token of a running proxy never verifies here,
    // so in-dialog requests get 481.
    private static readonly ProxySecret ExplainSecret = ProxySecret.Generate();

    // The evidence writer explains every recorded call: a new workspace (three buffers and two message
    // indexes) and our listeners' addresses each time were ~1.4 % of the process in a profile at
    // 300 calls/s. Workspaces are pooled as the pipeline's are (parsing resets one), and the addresses
    // are kept for the listener list they were made from.
    private const int PooledMessageSize = 8192;
    private static readonly WorkspacePool Workspaces = new(PooledMessageSize);
    private static volatile ListenerAddresses? s_lastListeners;

    public static CallExplanation Explain(ProxySnapshot snapshot, SipEndpoint source, SipTransportKind transport, byte[] invite)
    {
        var pooled = invite.Length <= PooledMessageSize;
        var workspace = pooled ? Workspaces.Rent() : new ProxyWorkspace(invite.Length);
        try
        {
            return Explain(workspace, snapshot, source, transport, invite);
        }
        finally
        {
            if (pooled)
            {
                Workspaces.Return(workspace);
            }
        }
    }

    /// <summary>
    /// The policy's trace of a call the proxy screened, as <see cref="Explain"/> gives it, without the
    /// rest of the explanation: the evidence writer keeps only the trace, and a screened call has passed
    /// the gate and its peer's classification already, so what is left is the policy's own walk (run once,
    /// not twice) with none of the reply texts or the forwarded identity. Null when the INVITE does not parse.
    /// </summary>
    public static PolicyTrace? TraceOf(ProxySnapshot snapshot, SipEndpoint source, SipTransportKind transport, ReadOnlySpan<byte> invite)
    {
        var pooled = invite.Length <= PooledMessageSize;
        var workspace = pooled ? Workspaces.Rent() : new ProxyWorkspace(invite.Length);
        try
        {
            invite.CopyTo(workspace.Input);
            var error = SipParser.Parse(workspace.Input, 0, invite.Length, SipParserLimits.Default, workspace.Message, ProxyOutput.FramingOf(transport));
            return !error.IsError && CallAttemptFactory.TryCreate(workspace, source, transport, 0, out var attempt) ? snapshot.Policy.Explain(attempt) : null;
        }
        finally
        {
            if (pooled)
            {
                Workspaces.Return(workspace);
            }
        }
    }

    private static CallExplanation Explain(ProxyWorkspace workspace, ProxySnapshot snapshot, SipEndpoint source, SipTransportKind transport, byte[] invite)
    {
        invite.CopyTo(workspace.Input, 0);
        var message = workspace.Message;
        var error = SipParser.Parse(workspace.Input, 0, invite.Length, SipParserLimits.Default, message, ProxyOutput.FramingOf(transport));
        if (error.IsError)
        {
            return new CallExplanation(null, Refusal(message, error, snapshot, "the request does not parse"));
        }

        var local = LocalAddressesOf(snapshot.Listeners);
        var invalid = new RequestGate(local).Check(message);
        if (invalid.IsError)
        {
            return new CallExplanation(null, Refusal(message, invalid, snapshot, "the request fails validation"));
        }

        var from = new MessageSource(new OutboundTarget(transport, source), default, Backlogged: false);
        var peer = PeerClassifier.Classify(snapshot, from, out _);
        if (peer == PeerKind.Stranger)
        {
            // Refused before the policy is asked; its trace still shows which sources were tried.
            var strangerTrace = CallAttemptFactory.TryCreate(workspace, source, transport, 0, out var strangerAttempt) ? snapshot.Policy.Explain(strangerAttempt) : null;
            var why = snapshot.Policy.FindTrunk(ProxySnapshot.ToSourceEndpoint(source)) is { } named
                ? $" (trunk '{named.Id}' takes requests only over TLS with a verified certificate named in its tls_names; explain presents none)"
                : " (the source is in no trunk's sources and is no upstream target)";
            return new CallExplanation(strangerTrace, Reply(snapshot, 403, "Forbidden", "unknown-peer") + why);
        }

        var screened = new ScreenedCall();
        var dialogs = new DialogGuard(ExplainSecret);
        var planner = new RequestPlanner(local, new InDialogRouter(local, dialogs, Unrecorded), new CallScreener(Unrecorded, screened));
        var redirecting = snapshot.Behaviour.Role == Configuration.ProxyRole.Redirect;
        var plan = redirecting ? new Redirect.RedirectPlanner(planner).Plan(workspace, from, snapshot, peer) : planner.Plan(workspace, from, snapshot, peer);
        ProxyTracing.End(plan.Span, 0);

        PolicyTrace? trace = null;
        if (screened.Happened && CallAttemptFactory.TryCreate(workspace, source, transport, 0, out var attempt))
        {
            trace = snapshot.Policy.Explain(attempt);
        }

        var forwards = false;
        var response = plan.Kind switch
        {
            PlanKind.Reject => Reply(snapshot, plan.Decision.Status, plan.Decision.ReasonPhrase, plan.Decision.RuleId),
            PlanKind.Forward => Forwarded(snapshot, plan, redirecting, out forwards),
            _ => Reply(snapshot, plan.Status, Encoding.ASCII.GetString(plan.Reason), Encoding.ASCII.GetString(plan.Warning)),
        };
        // A redirect server writes no identity headers: the SBC that follows the 302 does (docs/redirect.md).
        var identity = forwards && !redirecting && plan.Decision.Forwards ? ForwardedIdentity(workspace, snapshot, plan.Decision) : [];
        return new CallExplanation(trace, response, identity) { Forwards = forwards };
    }

    private static LocalAddresses LocalAddressesOf(IReadOnlyList<ListenerUri> listeners)
    {
        var last = s_lastListeners;
        if (last is not null && ReferenceEquals(last.Listeners, listeners))
        {
            return last.Local;
        }

        var local = new LocalAddresses(listeners.Count > 0 ? listeners : [new ListenerUri(SipTransportKind.Udp, IPAddress.Any, 0)]);
        s_lastListeners = new ListenerAddresses(listeners, local);
        return local;
    }

    private sealed record ListenerAddresses(IReadOnlyList<ListenerUri> Listeners, LocalAddresses Local);

    /// <summary>
    /// Where a forwarded request goes: an upstream's target chosen as a call would choose it, or the one
    /// next hop. In the redirect role the same target is named in a 302 instead, and nothing is forwarded.
    /// </summary>
    private static string Forwarded(ProxySnapshot snapshot, in RequestPlan plan, bool redirecting, out bool forwards)
    {
        var how = redirecting
            ? $"302 Moved Temporarily (redirect role: nothing is forwarded; verdict {(plan.Decision.Outcome == DecisionOutcome.Tag ? "tag, " + Encoding.ASCII.GetString(snapshot.Behaviour.TagHeader) + ": " + plan.Decision.Tag : "allow")}), Contact pointing"
            : plan.Decision.Outcome switch
        {
            DecisionOutcome.Tag => $"forwarded with {Encoding.ASCII.GetString(snapshot.Behaviour.TagHeader)}: {plan.Decision.Tag}",
            DecisionOutcome.WouldReject => $"forwarded (monitor mode; enforce would answer {plan.Decision.Status} \"{plan.Decision.RuleId}\")",
            _ => "forwarded",
        };
        forwards = true;
        if (plan.Upstream is not { } route)
        {
            return $"{how} to {Describe(plan.Target)}";
        }

        // The running proxy's snapshot is bound to its breakers, so the choice is the one a call
        // would get now; a snapshot never published has no breaker state and chooses its first target.
        var index = new UpstreamTargets(new TargetHealthRegistry(), TimeProvider.System, NullLogger.Instance).Choose(route, tried: 0);
        if (index < 0 && route.Targets.Length == 0 && route.Names.Count > 0)
        {
            // explain does not query DNS: the running proxy resolves names in the background (docs/dns.md).
            forwards = false;
            return Reply(snapshot, 503, "Service Unavailable", "upstream-down")
                + $" (upstream '{route.Id}' has only DNS names, resolved at run time: {string.Join(", ", route.Names)}; until a lookup answers, its calls get this 503)";
        }

        if (index < 0)
        {
            forwards = false;
            return Reply(snapshot, 503, "Service Unavailable", "upstream-down") + $" (every target of upstream '{route.Id}' is down)";
        }

        var names = route.Names.Count > 0 ? $"; its DNS names are resolved in the background: {string.Join(", ", route.Names)}" : "";
        return $"{how} to upstream '{route.Id}' ({Describe(route.Targets[index])}{names})";
    }

    private static string Describe(in OutboundTarget target) =>
        target.ConnectionId != 0 ? "the caller's connection" : $"{target.Remote} over {target.Transport.ToString().ToUpperInvariant()}";

    /// <summary>The answer to a request that does not parse or fails the gate, as the proxy would give it.</summary>
    private static string Refusal(SipMessage message, SipParseError error, ProxySnapshot snapshot, string why)
    {
        var reaction = SipErrorReactions.For(error, message.IsRequest);
        if (reaction.IsDrop || message.Method == SipMethod.Ack || !message.Has(KnownHeader.Via) || !message.Has(KnownHeader.CSeq))
        {
            return $"dropped without an answer ({why}: {error})";
        }

        Span<byte> warning = stackalloc byte[96];
        var length = RefusalText.Write(message, error, warning);
        return Reply(snapshot, reaction.StatusCode, Encoding.ASCII.GetString(reaction.ReasonPhrase), Encoding.ASCII.GetString(warning[..length])) + $" ({why}: {error})";
    }

    private static string Reply(ProxySnapshot snapshot, int status, string reason, string warning) =>
        warning.Length == 0
            ? $"{status} {reason}"
            : $"{status} {reason}, Warning: 399 {Encoding.ASCII.GetString(snapshot.Behaviour.WarnAgent)} \"{warning}\"";

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
            if (header.Id is KnownHeader.From or KnownHeader.PAssertedIdentity or KnownHeader.PPreferredIdentity
                or KnownHeader.RemotePartyId or KnownHeader.Privacy or KnownHeader.Diversion or KnownHeader.HistoryInfo)
            {
                lines.Add(Encoding.UTF8.GetString(workspace.Stored[header.Line]).TrimEnd('\r', '\n'));
            }
        }

        return lines;
    }

    /// <summary>Notes that the planner screened the request (so the policy's trace applies); records nothing.</summary>
    private sealed class ScreenedCall : IScreeningObserver
    {
        public bool Happened { get; private set; }

        public bool OnScreened(in ScreeningEvent screening)
        {
            Happened = true;
            return true;
        }

        public void OnSourceBlocked(in SourceBlockEvent block)
        {
        }
    }
}
