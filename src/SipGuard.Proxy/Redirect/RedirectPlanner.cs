using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Redirect;

/// <summary>
/// The plan stage of the redirect role (YAML <c>role: redirect</c>): only an initial INVITE from a
/// trunk is decided, by the proxy's own <see cref="RequestPlanner"/> (screening, evidence, the
/// trunk's upstream), and only the answer differs (<see cref="RedirectResponder"/>). An OPTIONS
/// keep-alive to SipGuard gets its 200 as in proxy mode. Everything else a redirect server has no
/// business with, in a dialog or not, gets 405 with Allow (RFC 3261 §8.2.1): it is never in a dialog
/// and forwards nothing, so an INVITE from an upstream, which would go towards a trunk, is refused too.
/// </summary>
internal sealed class RedirectPlanner
{
    private readonly RequestPlanner _planner;

    public RedirectPlanner(RequestPlanner planner) => _planner = planner;

    /// <summary>The methods a redirect server answers (INVITE decided; ACK absorbed; CANCEL matched; OPTIONS to it).</summary>
    public static ReadOnlySpan<byte> Allow => "INVITE, ACK, CANCEL, OPTIONS"u8;

    public RequestPlan Plan(ProxyWorkspace workspace, in MessageSource source, ProxySnapshot snapshot, PeerKind peer)
    {
        var message = workspace.Message;
        var inDialog = message.TryGetTo(out var to) && to.HasTag;
        if (inDialog || (message.Method != SipMethod.Invite && message.Method != SipMethod.Options))
        {
            return NotAllowed();
        }

        if (message.Method == SipMethod.Options)
        {
            var keepAlive = _planner.Plan(workspace, source, snapshot, peer);
            return keepAlive.Kind == PlanKind.ReplyStateless ? keepAlive : NotAllowed();
        }

        if (peer == PeerKind.Upstream)
        {
            return RequestPlan.Stateless(403, "Forbidden"u8, "no-inbound-route"u8);
        }

        return _planner.Plan(workspace, source, snapshot, peer);
    }

    private static RequestPlan NotAllowed() => RequestPlan.Stateless(405, "Method Not Allowed"u8, "redirect-server"u8);
}
