using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

public sealed partial class SipProxy
{
    /// <summary>
    /// §16.7: a response finds its transaction by our Via branch; anything else is dropped. It is
    /// taken only with the branch's keyed part and from where the request went
    /// (<see cref="Security.ResponseOrigin"/>): a stranger who learnt or guessed slot and
    /// generation still cannot answer for the upstream. Refusals are counted by reason.
    /// </summary>
    private void OnResponse(ProxyWorkspace workspace, in Source source)
    {
        var message = workspace.Message;
        if (!message.TryGetTopVia(out var via) || !message.TryGetCSeq(out var cseq))
        {
            return;
        }

        var branch = message[via.Branch];
        if (!BranchId.TryRead(branch, out var slot, out var generation, out var attempt))
        {
            if (branch.StartsWith(Resilience.UpstreamProber.BranchPrefix))
            {
                _prober.OnResponse(branch, message.StatusCode);
                return;
            }

            _metrics.ResponseRefused("unknown-branch");
            return;
        }

        var transaction = _table.FindByBranch(slot, generation);
        if (transaction is null)
        {
            return; // late: the transaction is over (a retransmission after Timer D/K/L)
        }

        var snapshot = Snapshot;
        lock (transaction)
        {
            if (!transaction.InUse || transaction.Generation != generation || cseq.Method == SipMethod.Cancel)
            {
                return; // the 200 to our CANCEL ends there (§16.10)
            }

            if (!_branches.Verify(BranchId.SealOf(branch), slot, generation, attempt, transaction.Nonce))
            {
                _metrics.ResponseRefused("forged-branch");
                return;
            }

            if (transaction.Attempt != attempt)
            {
                return; // a late answer from a try abandoned for failover: that branch is over for us
            }

            if (!Security.ResponseOrigin.IsExpected(transaction.Upstream, source.Target))
            {
                _metrics.ResponseRefused("wrong-origin");
                return;
            }

            if (transaction.IsInvite)
            {
                OnInviteResponse(workspace, transaction, snapshot.Timers);
            }
            else
            {
                OnNonInviteResponse(workspace, transaction, snapshot.Timers);
            }

            ReleaseAdmission(transaction);
            ReleaseIfDone(transaction);
        }
    }

    private void OnInviteResponse(ProxyWorkspace workspace, ProxyTransaction transaction, TimerSettings timers)
    {
        var status = workspace.Message.StatusCode;
        if (status < 200)
        {
            if (transaction.Client == ClientState.Calling)
            {
                TrySucceeded(transaction);
                transaction.Client = ClientState.Proceeding;
                transaction.RetransmitTimer.Cancel();
                transaction.TryTimer.Cancel();
                transaction.TimeoutTimer.Cancel();
                transaction.TimeoutTimer = Schedule(transaction, TransactionTimer.RingTimeout, timers.RingTimeout);
            }

            if (transaction.CancelPending && !transaction.CancelSent)
            {
                SendCancelUpstream(workspace, transaction);
            }

            if (status > 100 && transaction.Server == ServerState.Proceeding)
            {
                RelayResponse(workspace, transaction, keep: true);
            }

            return;
        }

        if (status < 300)
        {
            // RFC 6026: every 2xx (retransmissions too) goes to the caller while the transaction lingers.
            if (transaction.Client is ClientState.Calling or ClientState.Proceeding)
            {
                TryAnswered(transaction, failed: false);
                transaction.RetransmitTimer.Cancel();
                transaction.TryTimer.Cancel();
                transaction.TimeoutTimer.Cancel();
                transaction.Client = ClientState.Terminated;
            }

            if (transaction.Server is ServerState.Proceeding or ServerState.Accepted)
            {
                if (transaction.Server == ServerState.Proceeding)
                {
                    transaction.Server = ServerState.Accepted;
                    transaction.LastResponse.Clear(); // INVITE retransmissions are absorbed now (RFC 6026 §7.1)
                    transaction.ServerLingerTimer = Schedule(transaction, TransactionTimer.ServerLinger, timers.Linger);
                }

                RelayResponse(workspace, transaction, keep: false);
            }

            return;
        }

        if (transaction.Client is ClientState.Completed or ClientState.Terminated)
        {
            if (transaction.Client == ClientState.Completed)
            {
                SendAckUpstream(workspace, transaction); // retransmitted final response: ACK it again (§17.1.1.2)
            }

            return;
        }

        transaction.RetransmitTimer.Cancel();
        transaction.TryTimer.Cancel();
        transaction.Client = ClientState.Completed;
        SendAckUpstream(workspace, transaction); // this branch is over either way (§17.1.1.3)
        ConcludeTry(workspace, transaction, status, timers, lingerFor: timers.Linger);
    }

    private void OnNonInviteResponse(ProxyWorkspace workspace, ProxyTransaction transaction, TimerSettings timers)
    {
        var status = workspace.Message.StatusCode;
        if (status < 200)
        {
            if (transaction.Client == ClientState.Calling)
            {
                TrySucceeded(transaction);
                transaction.TryTimer.Cancel();
                transaction.Client = ClientState.Proceeding;
            }

            if (transaction.Server == ServerState.Proceeding && status > 100)
            {
                RelayResponse(workspace, transaction, keep: true);
            }

            return;
        }

        if (transaction.Client is ClientState.Completed or ClientState.Terminated)
        {
            return;
        }

        transaction.RetransmitTimer.Cancel();
        transaction.TryTimer.Cancel();
        transaction.Client = ClientState.Completed;
        ConcludeTry(workspace, transaction, status, timers, lingerFor: timers.T4);
    }

    /// <summary>
    /// A final response ended this try: a failover code moves the call to the next target (§16.6);
    /// anything else closes the client side (lingering for <paramref name="lingerFor"/>: Timer D or K)
    /// and goes to the caller.
    /// </summary>
    private void ConcludeTry(ProxyWorkspace workspace, ProxyTransaction transaction, int status, TimerSettings timers, TimeSpan lingerFor)
    {
        if (transaction.Route is { } route && route.IsFailoverStatus(status))
        {
            TryAnswered(transaction, failed: true);
            if (TryFailover(workspace, transaction, "failover code"))
            {
                return;
            }
        }
        else
        {
            TryAnswered(transaction, failed: false);
        }

        transaction.TimeoutTimer.Cancel();
        transaction.ClientLingerTimer = Linger(transaction, TransactionTimer.ClientLinger, transaction.Upstream.Transport, lingerFor);

        if (transaction.Server == ServerState.Proceeding)
        {
            RelayResponse(workspace, transaction, keep: true);
            EnterServerCompleted(transaction, timers);
        }
    }

    /// <summary>
    /// After our final response: INVITE over UDP retransmits it (Timer G) until the ACK, gives up at
    /// Timer H; non-INVITE lingers for Timer J to answer retransmissions. Over TCP nothing lingers
    /// but the INVITE's wait for the ACK.
    /// </summary>
    private void EnterServerCompleted(ProxyTransaction transaction, TimerSettings timers)
    {
        transaction.Server = ServerState.Completed;
        var udp = transaction.ReplyTarget.Transport == SipTransportKind.Udp;
        if (transaction.IsInvite)
        {
            if (udp)
            {
                transaction.ResponseRetransmitInterval = timers.T1;
                transaction.ResponseTimer = Schedule(transaction, TransactionTimer.ResponseRetransmit, timers.T1);
            }

            transaction.ServerLingerTimer = Schedule(transaction, TransactionTimer.ServerLinger, timers.TransactionLifetime);
        }
        else
        {
            transaction.ServerLingerTimer = Linger(transaction, TransactionTimer.ServerLinger, transaction.ReplyTarget.Transport, timers.Linger);
        }

        if (transaction.Client == ClientState.None)
        {
            transaction.Client = ClientState.Terminated;
        }
    }

    /// <summary>§17.2.1: the ACK to our non-2xx final response ends retransmissions; stray copies are absorbed until Timer I.</summary>
    private void AbsorbAck(ProxyTransaction transaction)
    {
        if (transaction.Server != ServerState.Completed)
        {
            return;
        }

        transaction.Server = ServerState.Confirmed;
        transaction.ResponseTimer.Cancel();
        transaction.ServerLingerTimer.Cancel();
        transaction.ServerLingerTimer = Linger(transaction, TransactionTimer.ServerLinger, transaction.ReplyTarget.Transport, Snapshot.Timers.T4);
        ReleaseIfDone(transaction);
    }

    private void RetransmitLastResponse(ProxyTransaction transaction)
    {
        lock (transaction)
        {
            if (transaction.InUse && !transaction.LastResponse.IsEmpty)
            {
                Send(transaction.ReplyTarget, transaction.LastResponse.Span);
            }
        }
    }

    private void ReleaseIfDone(ProxyTransaction transaction)
    {
        ReleaseAdmission(transaction);
        if (transaction.InUse && transaction.Server == ServerState.Terminated && transaction.Client is ClientState.Terminated or ClientState.None)
        {
            _table.Release(transaction);
        }
    }
}
