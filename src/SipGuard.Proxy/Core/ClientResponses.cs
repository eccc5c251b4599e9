using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Core;

/// <summary>
/// What a response that matched its transaction does: the client side moves on (provisional,
/// 2xx, final), the target's breaker hears the outcome, a failover code moves the call to the next
/// target, and the caller gets what the server side still relays (§16.7, RFC 6026).
/// </summary>
internal sealed class ClientResponses
{
    private readonly UpstreamTargets _targets;
    private readonly TargetFailover _failover;
    private readonly UpstreamRequests _upstream;
    private readonly ResponseRelay _relay;
    private readonly LiveSnapshot _snapshot;

    public ClientResponses(UpstreamTargets targets, TargetFailover failover, UpstreamRequests upstream, ResponseRelay relay, LiveSnapshot snapshot)
    {
        _targets = targets;
        _failover = failover;
        _upstream = upstream;
        _relay = relay;
        _snapshot = snapshot;
    }

    /// <summary>The workspace's response to <paramref name="transaction"/>, under its lock.</summary>
    public void OnResponse(ProxyWorkspace workspace, ProxyTransaction transaction)
    {
        var status = workspace.Message.StatusCode;
        var timers = _snapshot.Current.Timers;
        if (status < 200)
        {
            OnProvisional(workspace, transaction, status, timers);
        }
        else if (transaction.Server.IsInvite && status < 300)
        {
            OnInviteSuccess(workspace, transaction, timers);
        }
        else
        {
            OnFinal(workspace, transaction, status, timers);
        }
    }

    private void OnProvisional(ProxyWorkspace workspace, ProxyTransaction transaction, int status, TimerSettings timers)
    {
        var client = transaction.Client;
        if (client.OnProvisional(timers))
        {
            _targets.Succeeded(client);
        }

        if (transaction.Server.IsInvite && client.CancelPending && !client.CancelSent)
        {
            _upstream.SendCancel(workspace, transaction); // §9.1: the caller's CANCEL waited for this
        }

        if (status > 100 && transaction.Server.AwaitingFinal)
        {
            _relay.Relay(workspace, transaction, keep: true);
        }
    }

    /// <summary>RFC 6026: every 2xx (retransmissions too) goes to the caller while the server side lingers.</summary>
    private void OnInviteSuccess(ProxyWorkspace workspace, ProxyTransaction transaction, TimerSettings timers)
    {
        if (transaction.Client.OnSuccess())
        {
            _targets.Answered(transaction.Client, failed: false);
        }

        var server = transaction.Server;
        if (server.RelaysSuccess)
        {
            server.Accept(timers);
            _relay.Relay(workspace, transaction, keep: false);
        }
    }

    /// <summary>
    /// A final response ended this try (for an INVITE: ACKed hop by hop, §17.1.1.3). A failover code
    /// moves the call to the next target (§16.6); anything else closes the client side (lingering
    /// for Timer D or K) and goes to the caller.
    /// </summary>
    private void OnFinal(ProxyWorkspace workspace, ProxyTransaction transaction, int status, TimerSettings timers)
    {
        var client = transaction.Client;
        var invite = transaction.Server.IsInvite;
        if (client.IsAnswered)
        {
            if (invite && client.State == ClientState.Completed)
            {
                _upstream.SendAck(workspace, transaction); // retransmitted final response: ACK it again (§17.1.1.2)
            }

            return;
        }

        client.OnFinal();
        if (invite)
        {
            _upstream.SendAck(workspace, transaction); // this branch is over either way
        }

        var failover = client.Route is { } route && route.IsFailoverStatus(status);
        _targets.Answered(client, failed: failover);
        if (failover && _failover.TryFailover(workspace, transaction, "failover code"))
        {
            return;
        }

        client.Conclude(invite ? timers.Linger : timers.T4);
        if (transaction.Server.AwaitingFinal)
        {
            _relay.Relay(workspace, transaction, keep: true);
            transaction.Server.Complete(timers);
        }
    }
}
