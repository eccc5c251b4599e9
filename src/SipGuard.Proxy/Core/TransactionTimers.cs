using Microsoft.Extensions.Logging;
using SipGuard.Proxy.Transactions;

namespace SipGuard.Proxy.Core;

/// <summary>
/// A transaction's timer fired (on the wheel's thread): the side that owns the timer changes state,
/// and what it asks for is sent: a retransmission, the next target, a CANCEL, or our 408 to the caller.
/// </summary>
internal sealed class TransactionTimers : ITransactionOwner
{
    private readonly WorkspacePool _workspaces;
    private readonly ProxyOutput _output;
    private readonly TargetFailover _failover;
    private readonly UpstreamTargets _targets;
    private readonly UpstreamRequests _upstream;
    private readonly LocalReplies _replies;
    private readonly LiveSnapshot _snapshot;
    private readonly ILogger _logger;
    private TransactionTable? _table;

    public TransactionTimers(WorkspacePool workspaces, ProxyOutput output, TargetFailover failover, UpstreamTargets targets, UpstreamRequests upstream, LocalReplies replies, LiveSnapshot snapshot, ILogger logger)
    {
        _workspaces = workspaces;
        _output = output;
        _failover = failover;
        _targets = targets;
        _upstream = upstream;
        _replies = replies;
        _snapshot = snapshot;
        _logger = logger;
    }

    /// <summary>The table whose transactions these timers belong to (it is built with this owner, hence set after).</summary>
    public void Attach(TransactionTable table) => _table = table;

    public void OnTransactionTimer(ProxyTransaction transaction, TransactionTimer timer, uint generation)
    {
        var workspace = _workspaces.Rent();
        try
        {
            lock (transaction)
            {
                if (!transaction.InUse || transaction.Generation != generation)
                {
                    return; // fired for an earlier use of the slot
                }

                OnTimer(workspace, transaction, timer, _snapshot.Current.Timers);
                _table!.ReleaseIfDone(transaction);
            }
        }
        catch (Exception exception)
        {
            Log.TimerFailed(_logger, exception, timer);
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    private void OnTimer(ProxyWorkspace workspace, ProxyTransaction transaction, TransactionTimer timer, TimerSettings timers)
    {
        var client = transaction.Client;
        var server = transaction.Server;
        switch (timer)
        {
            case TransactionTimer.RequestRetransmit when client.OnRetransmit(timers):
                _output.Send(client.Upstream, client.Forwarded.Span);
                break;

            case TransactionTimer.TryTimeout when client.OnTryTimeout():
                // The target stayed silent: give the rest of the caller's time to the next one. With
                // none left, this target keeps trying until Timer B.
                _targets.Failed(client);
                _failover.TryFailover(workspace, transaction, "no answer");
                break;

            case TransactionTimer.RequestTimeout when client.OnRequestTimeout(out var silent):
                // Timer B / F: the upstream never answered.
                if (silent)
                {
                    _targets.Failed(client);
                }

                _replies.RespondFromStoredRequest(workspace, transaction, 408, "Request Timeout"u8, "upstream-timeout"u8);
                break;

            case TransactionTimer.RingTimeout when client.State == ClientState.Proceeding:
                // Timer C: ringing too long; cancel it upstream (§16.8) and tell the caller.
                if (!client.CancelSent)
                {
                    _upstream.SendCancel(workspace, transaction);
                }

                client.OnRingTimeout(timers);
                _replies.RespondFromStoredRequest(workspace, transaction, 408, "Request Timeout"u8, "ring-timeout"u8);
                break;

            case TransactionTimer.ResponseRetransmit when server.OnResponseRetransmit(timers):
                _output.Send(server.ReplyTarget, server.LastResponse.Span);
                break;

            case TransactionTimer.ServerLinger:
                server.Terminate();
                break;

            case TransactionTimer.ClientLinger:
                client.Terminate();
                break;
        }
    }
}
