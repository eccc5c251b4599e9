using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

public sealed partial class SipProxy
{
    void ITransactionOwner.OnTransactionTimer(ProxyTransaction transaction, TransactionTimer timer, uint generation)
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

                OnTimer(workspace, transaction, timer, Snapshot.Timers);
                ReleaseIfDone(transaction);
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
        switch (timer)
        {
            case TransactionTimer.RequestRetransmit when transaction.Client is ClientState.Calling or ClientState.Proceeding && !transaction.Forwarded.IsEmpty:
                // Timer A doubles without bound (bounded by Timer B); Timer E is capped at T2 (§17.1.2.2).
                Send(transaction.Upstream, transaction.Forwarded.Span);
                var next = transaction.RequestRetransmitInterval * 2;
                transaction.RequestRetransmitInterval = transaction.IsInvite || next < timers.T2 ? next : timers.T2;
                transaction.RetransmitTimer = Schedule(transaction, TransactionTimer.RequestRetransmit, transaction.RequestRetransmitInterval);
                break;

            case TransactionTimer.TryTimeout when transaction.Client == ClientState.Calling:
                // The target stayed silent: give the rest of the caller's time to the next one. With
                // none left, this target keeps trying until Timer B.
                TryFailed(transaction);
                TryFailover(workspace, transaction, "no answer");
                break;

            case TransactionTimer.RequestTimeout when transaction.Client is ClientState.Calling or ClientState.Proceeding:
                // Timer B / F: the upstream never answered.
                if (transaction.Client == ClientState.Calling)
                {
                    TryFailed(transaction);
                }

                transaction.RetransmitTimer.Cancel();
                transaction.TryTimer.Cancel();
                transaction.Client = ClientState.Terminated;
                RespondFromStoredRequest(workspace, transaction, 408, "Request Timeout"u8, "upstream-timeout"u8);
                break;

            case TransactionTimer.RingTimeout when transaction.Client == ClientState.Proceeding:
                // Timer C: ringing too long; cancel it upstream (§16.8) and tell the caller.
                if (!transaction.CancelSent)
                {
                    SendCancelUpstream(workspace, transaction);
                }

                // The upstream answers our CANCEL's INVITE with a 487 (and retransmits it until
                // ACKed): the client side waits in Completed to ACK it, for Timer D on any transport.
                transaction.Client = ClientState.Completed;
                transaction.ClientLingerTimer = Schedule(transaction, TransactionTimer.ClientLinger, timers.Linger);
                RespondFromStoredRequest(workspace, transaction, 408, "Request Timeout"u8, "ring-timeout"u8);
                break;

            case TransactionTimer.ResponseRetransmit when transaction.Server == ServerState.Completed && !transaction.LastResponse.IsEmpty:
                Send(transaction.ReplyTarget, transaction.LastResponse.Span);
                var interval = transaction.ResponseRetransmitInterval * 2;
                transaction.ResponseRetransmitInterval = interval < timers.T2 ? interval : timers.T2;
                transaction.ResponseTimer = Schedule(transaction, TransactionTimer.ResponseRetransmit, transaction.ResponseRetransmitInterval);
                break;

            case TransactionTimer.ServerLinger:
                transaction.ResponseTimer.Cancel();
                transaction.Server = ServerState.Terminated;
                break;

            case TransactionTimer.ClientLinger:
                transaction.Client = ClientState.Terminated;
                break;
        }
    }

    /// <summary>A final response of ours to a transaction whose request is only kept as bytes (timeouts).</summary>
    private void RespondFromStoredRequest(ProxyWorkspace workspace, ProxyTransaction transaction, int status, ReadOnlySpan<byte> reason, ReadOnlySpan<byte> warning)
    {
        if (transaction.Server != ServerState.Proceeding)
        {
            return;
        }

        if (!TryReadStored(workspace, transaction.Request, transaction.ReplyTarget.Transport, out var request))
        {
            transaction.Server = ServerState.Terminated;
            return;
        }

        RespondFinal(workspace, request, transaction, Snapshot, status, reason, warning);
    }

    private TimerHandle Schedule(ProxyTransaction transaction, TransactionTimer timer, TimeSpan due) =>
        _wheel.Schedule(due, transaction, null, transaction.TimerToken(timer));

    /// <summary>A lingering timer that only unreliable transports need: over TCP the side ends at once (§17: Timers D, I, J, K are 0).</summary>
    private TimerHandle Linger(ProxyTransaction transaction, TransactionTimer timer, SipTransportKind transport, TimeSpan due)
    {
        if (transport == SipTransportKind.Udp)
        {
            return Schedule(transaction, timer, due);
        }

        if (timer == TransactionTimer.ServerLinger)
        {
            transaction.ResponseTimer.Cancel();
            transaction.Server = ServerState.Terminated;
        }
        else
        {
            transaction.Client = ClientState.Terminated;
        }

        return default;
    }
}
