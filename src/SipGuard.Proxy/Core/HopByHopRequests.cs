using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Core;

/// <summary>
/// ACK and CANCEL from a peer: matched to the INVITE's server transaction by its key (§17.2.3). An
/// ACK for our non-2xx final is absorbed there; one for a 2xx is routed in-dialog and relayed
/// without a transaction. A CANCEL is answered 200 and goes upstream (§16.10), or waits for the
/// first provisional (§9.1); only the peer the INVITE came from may cancel it. In the redirect role
/// the INVITE was answered at once, so a CANCEL gets its 200 and nothing else happens.
/// </summary>
internal sealed class HopByHopRequests
{
    private readonly TransactionTable _table;
    private readonly RequestPlanner _planner;
    private readonly Forwarder _forwarder;
    private readonly UpstreamRequests _upstream;
    private readonly LocalReplies _replies;
    private readonly ProxyMetrics _metrics;
    private readonly LiveSnapshot _snapshot;

    public HopByHopRequests(TransactionTable table, RequestPlanner planner, Forwarder forwarder, UpstreamRequests upstream, LocalReplies replies, ProxyMetrics metrics, LiveSnapshot snapshot)
    {
        _table = table;
        _planner = planner;
        _forwarder = forwarder;
        _upstream = upstream;
        _replies = replies;
        _metrics = metrics;
        _snapshot = snapshot;
    }

    public void OnAck(ProxyWorkspace workspace, in MessageSource source, in ViaValue via, ProxySnapshot snapshot, PeerKind peer)
    {
        var message = workspace.Message;
        Span<byte> key = stackalloc byte[TransactionKey.Capacity];
        key = key[..TransactionKey.Write(message, via, inviteClass: true, key)];
        if (_table.FindOrCreate(TransactionKey.Hash(key), key, create: false, out var transaction) == ServerLookup.Found)
        {
            lock (transaction!)
            {
                var server = transaction.Server;
                if (server.State is ServerState.Completed or ServerState.Confirmed)
                {
                    server.Confirm(_snapshot.Current.Timers.T4);
                    _table.ReleaseIfDone(transaction);
                    return;
                }
            }
        }

        if (snapshot.Behaviour.Role == Configuration.ProxyRole.Redirect)
        {
            return; // a redirect server sends no 2xx, so an ACK its transactions do not absorb has nowhere to go
        }

        var plan = _planner.PlanAck(message, source, snapshot, peer);
        if (plan.Kind == PlanKind.Forward)
        {
            _forwarder.ForwardAck(workspace, plan, snapshot);
        }
    }

    public void OnCancel(ProxyWorkspace workspace, in MessageSource source, in ViaValue via)
    {
        var message = workspace.Message;
        Span<byte> key = stackalloc byte[TransactionKey.Capacity];
        key = key[..TransactionKey.Write(message, via, inviteClass: true, key)];
        if (_table.FindOrCreate(TransactionKey.Hash(key), key, create: false, out var transaction) != ServerLookup.Found)
        {
            _replies.SendStateless(workspace, source.Target, 481, "Call/Transaction Does Not Exist"u8, default, retryAfter: false);
            return;
        }

        // The key is the INVITE's Via, which anyone who saw it can copy: only the peer the INVITE
        // came from may cancel it (same transport and address; the port may differ over TCP).
        var replyTarget = transaction!.Server.ReplyTarget;
        var caller = new DialogPeer(replyTarget.Transport, replyTarget.Remote);
        if (!caller.Matches(source.Target.Transport, source.Target.Remote))
        {
            _metrics.RequestRefused("foreign-cancel");
            _replies.SendStateless(workspace, source.Target, 481, "Call/Transaction Does Not Exist"u8, default, retryAfter: false);
            return;
        }

        _replies.SendStateless(workspace, source.Target, 200, "OK"u8, default, retryAfter: false);
        lock (transaction)
        {
            var client = transaction.Client;
            if (!transaction.Server.AwaitingFinal || client.CancelSent)
            {
                return;
            }

            switch (client.State)
            {
                case ClientState.Proceeding:
                    _upstream.SendCancel(workspace, transaction);
                    break;
                case ClientState.Calling:
                    client.HoldCancel(); // §9.1: wait for a provisional before cancelling
                    break;
            }
        }
    }
}
