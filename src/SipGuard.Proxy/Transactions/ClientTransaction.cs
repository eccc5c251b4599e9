using SipGuard.Proxy.Routing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// The upstream-facing side of a proxied transaction (RFC 3261 §17.1, RFC 6026) and its serial
/// failover over an upstream's targets (§16.6: each try a new branch, numbered by
/// <see cref="Attempt"/>): its state, the request as forwarded and its timers A/E, B/F, C, D/K and
/// the try timeout. Every change of <see cref="State"/> happens here, under <c>lock (transaction)</c>.
/// </summary>
internal sealed class ClientTransaction
{
    private readonly ProxyTransaction _transaction;
    private readonly TimingWheel _wheel;
    private TimerHandle _retransmitTimer;
    private TimerHandle _timeoutTimer;
    private TimerHandle _tryTimer;
    private TimerHandle _lingerTimer;
    private TimeSpan _retransmitInterval;
    private bool _isInvite;

    public ClientTransaction(ProxyTransaction transaction, TimingWheel wheel)
    {
        _transaction = transaction;
        _wheel = wheel;
    }

    public ClientState State { get; private set; }

    /// <summary>The target of the current try.</summary>
    public OutboundTarget Upstream { get; private set; }

    /// <summary>The request as forwarded (our Via on top): retransmitted by Timer A/E, source of CANCEL and ACK.</summary>
    public MessageCopy Forwarded { get; } = new();

    /// <summary>The upstream whose targets the request is tried on; null for in-dialog and inbound requests (one next hop).</summary>
    public UpstreamRoute? Route { get; private set; }

    /// <summary>Index of <see cref="Upstream"/> in <see cref="Route"/>'s targets.</summary>
    public int TargetIndex { get; private set; }

    /// <summary>Targets tried so far, one bit per index.</summary>
    public ulong Tried { get; private set; }

    public byte Attempt { get; private set; }

    /// <summary>The forwarded request carries our Record-Route (so a try on another transport needs its own).</summary>
    public bool RecordRouted { get; private set; }

    /// <summary>The caller cancelled before any provisional arrived; the CANCEL goes upstream with the first one (§9.1).</summary>
    public bool CancelPending { get; private set; }

    public bool CancelSent { get; private set; }

    /// <summary>A final response (or Timer B/F) ended the tries.</summary>
    public bool IsAnswered => State is ClientState.Completed or ClientState.Terminated;

    /// <summary>Still waiting for the upstream's answer (Calling or Proceeding).</summary>
    public bool IsPending => State is ClientState.Calling or ClientState.Proceeding;

    /// <summary>
    /// Another target may still be tried: an upstream with targets, no CANCEL in play, attempts left,
    /// and the caller's time (Timer B, or Timer C once ringing) not over.
    /// </summary>
    public bool CanFailOver => Route is not null && !CancelPending && !CancelSent && Attempt != byte.MaxValue && _timeoutTimer.IsPending;

    /// <summary>The request is about to go to <paramref name="target"/> for the first time; Timer B/F starts.</summary>
    public void Begin(bool isInvite, UpstreamRoute? route, int targetIndex, in OutboundTarget target, bool recordRouted, TimerSettings timers)
    {
        _isInvite = isInvite;
        Route = route;
        TargetIndex = targetIndex;
        Tried = route is null ? 0 : 1UL << targetIndex;
        Upstream = target;
        RecordRouted = recordRouted;
        State = ClientState.Calling;
        _timeoutTimer = Schedule(TransactionTimer.RequestTimeout, isInvite ? timers.InviteTimeout : timers.TransactionLifetime);
    }

    /// <summary>The current try's request left: Timer A/E over UDP, and the try timeout when there is another target to fail over to.</summary>
    public void TrySent(TimerSettings timers)
    {
        if (Upstream.Transport == SipTransportKind.Udp)
        {
            _retransmitInterval = timers.T1;
            _retransmitTimer = Schedule(TransactionTimer.RequestRetransmit, timers.T1);
        }

        if (Route is { Targets.Length: > 1 } route)
        {
            _tryTimer = Schedule(TransactionTimer.TryTimeout, route.TryTimeout);
        }
    }

    /// <summary>Failover: the next try goes to target <paramref name="index"/> as attempt <see cref="Attempt"/> + 1.</summary>
    public void MoveTo(int index)
    {
        _retransmitTimer.Cancel();
        _tryTimer.Cancel();
        Tried |= 1UL << index;
        Attempt++;
        TargetIndex = index;
        Upstream = Route!.Targets[index];
        State = ClientState.Calling;
    }

    /// <summary>A provisional response; true when it is the try's first answer. An INVITE stops retransmitting and rings for at most Timer C.</summary>
    public bool OnProvisional(TimerSettings timers)
    {
        if (State != ClientState.Calling)
        {
            return false;
        }

        State = ClientState.Proceeding;
        _tryTimer.Cancel();
        if (_isInvite)
        {
            _retransmitTimer.Cancel();
            _timeoutTimer.Cancel();
            _timeoutTimer = Schedule(TransactionTimer.RingTimeout, timers.RingTimeout);
        }

        return true;
    }

    /// <summary>An INVITE's 2xx; true for the first one (RFC 6026: later copies are relayed, the client side is done).</summary>
    public bool OnSuccess()
    {
        if (!IsPending)
        {
            return false;
        }

        CancelTimers();
        State = ClientState.Terminated;
        return true;
    }

    /// <summary>A final response (a non-2xx for INVITE) to a pending try: retransmissions stop; <see cref="Conclude"/> or <see cref="MoveTo"/> follows.</summary>
    public void OnFinal()
    {
        _retransmitTimer.Cancel();
        _tryTimer.Cancel();
        State = ClientState.Completed;
    }

    /// <summary>No more tries: Timer B/C stops, and the side lingers (Timer D/K over UDP) to absorb retransmitted finals.</summary>
    public void Conclude(TimeSpan lingerFor)
    {
        _timeoutTimer.Cancel();
        if (Upstream.Transport == SipTransportKind.Udp)
        {
            _lingerTimer = Schedule(TransactionTimer.ClientLinger, lingerFor);
        }
        else
        {
            State = ClientState.Terminated;
        }
    }

    /// <summary>No target could be reached at all: nothing to wait for.</summary>
    public void GiveUp()
    {
        CancelTimers();
        State = ClientState.Terminated;
    }

    /// <summary>Timer A/E: true when <see cref="Forwarded"/> is to be sent again (A doubles without bound, bounded by B; E is capped at T2, §17.1.2.2).</summary>
    public bool OnRetransmit(TimerSettings timers)
    {
        if (!IsPending || Forwarded.IsEmpty)
        {
            return false;
        }

        var next = _retransmitInterval * 2;
        _retransmitInterval = _isInvite || next < timers.T2 ? next : timers.T2;
        _retransmitTimer = Schedule(TransactionTimer.RequestRetransmit, _retransmitInterval);
        return true;
    }

    /// <summary>The try timeout: true when the current target is still silent (not even a provisional).</summary>
    public bool OnTryTimeout() => State == ClientState.Calling;

    /// <summary>Timer B/F: true when the upstream never gave a final answer; <paramref name="silent"/> when not even a provisional.</summary>
    public bool OnRequestTimeout(out bool silent)
    {
        silent = State == ClientState.Calling;
        if (!IsPending)
        {
            return false;
        }

        CancelTimers();
        State = ClientState.Terminated;
        return true;
    }

    /// <summary>
    /// Timer C: true when the INVITE is still ringing. The upstream answers our CANCEL with a 487
    /// (retransmitted until ACKed), so the side waits in Completed to ACK it, for Timer D on any transport.
    /// </summary>
    public bool OnRingTimeout(TimerSettings timers)
    {
        if (State != ClientState.Proceeding)
        {
            return false;
        }

        State = ClientState.Completed;
        _lingerTimer = Schedule(TransactionTimer.ClientLinger, timers.Linger);
        return true;
    }

    /// <summary>Timer D/K: retransmitted finals have been absorbed.</summary>
    public void Terminate() => State = ClientState.Terminated;

    /// <summary>§9.1: the caller's CANCEL came before any provisional; it waits for one.</summary>
    public void HoldCancel() => CancelPending = true;

    public void OnCancelSent()
    {
        CancelSent = true;
        CancelPending = false;
    }

    public void Reset()
    {
        CancelTimers();
        _lingerTimer.Cancel();
        _retransmitTimer = default;
        _timeoutTimer = default;
        _tryTimer = default;
        _lingerTimer = default;
        _retransmitInterval = default;
        _isInvite = false;
        State = ClientState.None;
        Upstream = default;
        Route = null;
        TargetIndex = 0;
        Tried = 0;
        Attempt = 0;
        RecordRouted = false;
        CancelPending = false;
        CancelSent = false;
        Forwarded.Clear();
    }

    private void CancelTimers()
    {
        _retransmitTimer.Cancel();
        _tryTimer.Cancel();
        _timeoutTimer.Cancel();
    }

    private TimerHandle Schedule(TransactionTimer timer, TimeSpan due) =>
        _wheel.Schedule(due, _transaction, null, _transaction.TimerToken(timer));
}
