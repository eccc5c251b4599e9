using System.Diagnostics;
using SipGuard.Policy;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>What the proxy will do with a new request; built by <c>SipProxy.Plan</c> before anything is sent.</summary>
internal ref struct RequestPlan
{
    private OwnRoutes _ownRoutes;

    public PlanKind Kind;
    public int Status;
    public ReadOnlySpan<byte> Reason;
    public ReadOnlySpan<byte> Warning;
    public bool RetryAfter;
    public Decision Decision;
    public OutboundTarget Target;
    public bool RecordRoute;
    public string? Tag;
    public long FlowConnection;

    /// <summary>An in-dialog request from a trunk: its asserted identities are removed (the caller was screened once, on the INVITE).</summary>
    public bool StripAssertedIdentity;
    public int OwnRouteCount;

    /// <summary>The screened INVITE's span (when sampled), handed to its transaction.</summary>
    public Activity? Span;

    /// <summary>The upstream whose targets the request may be tried on (failover); null = <see cref="Target"/> only.</summary>
    public UpstreamRoute? Upstream;

    /// <summary>The trunk the call came in on, for its admission limits.</summary>
    public TrunkSnapshot? Trunk;

    public int TargetIndex;

    public static RequestPlan Stateless(int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning, bool retryAfter = false) =>
        new() { Kind = PlanKind.ReplyStateless, Status = status, Reason = reason, Warning = warning, RetryAfter = retryAfter };

    public static RequestPlan Stateful(int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning) =>
        new() { Kind = PlanKind.ReplyStateful, Status = status, Reason = reason, Warning = warning };

    public static RequestPlan Reject(Decision decision) =>
        new() { Kind = PlanKind.Reject, Status = decision.Status, Decision = decision };

    public static RequestPlan ForwardTo(OutboundTarget target, bool recordRoute) =>
        new() { Kind = PlanKind.Forward, Target = target, RecordRoute = recordRoute };

    /// <summary>Forward to one of <paramref name="upstream"/>'s targets, chosen at admission.</summary>
    public static RequestPlan ForwardToUpstream(UpstreamRoute upstream, TrunkSnapshot? trunk, bool recordRoute) =>
        new() { Kind = PlanKind.Forward, Target = upstream.Primary, Upstream = upstream, Trunk = trunk, RecordRoute = recordRoute };

    public void AddOwnRoute(int headerIndex, ByteRange value)
    {
        if (OwnRouteCount < 2)
        {
            _ownRoutes[OwnRouteCount++] = (headerIndex, value);
        }
    }

    public readonly (int HeaderIndex, ByteRange Value) OwnRoute(int index) => _ownRoutes[index];
}
