using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// The caller-facing side of a proxied transaction (RFC 3261 §17.2, RFC 6026): its state, the
/// copies it keeps (the request as received, the last response sent) and its timers G, H, I, J, L.
/// Every change of <see cref="State"/> happens here, under <c>lock (transaction)</c>; the proxy
/// decides what to send and tells this side what was sent.
/// </summary>
internal sealed class ServerTransaction
{
    private readonly ProxyTransaction _transaction;
    private readonly TimingWheel _wheel;
    private TimerHandle _responseTimer;
    private TimerHandle _lingerTimer;
    private TimeSpan _responseInterval;

    public ServerTransaction(ProxyTransaction transaction, TimingWheel wheel)
    {
        _transaction = transaction;
        _wheel = wheel;
    }

    public ServerState State { get; private set; }

    public bool IsInvite { get; private set; }

    /// <summary>Where responses go: the request's source (RFC 3581), on its connection for TCP.</summary>
    public OutboundTarget ReplyTarget { get; private set; }

    /// <summary>The request as received: local replies (408, 487) copy its Via, From, To, Call-ID and CSeq.</summary>
    public MessageCopy Request { get; } = new();

    /// <summary>The last response sent to the caller, resent on a request retransmission and by Timer G.</summary>
    public MessageCopy LastResponse { get; } = new();

    /// <summary>No final response sent yet: the caller is still waiting.</summary>
    public bool AwaitingFinal => State == ServerState.Proceeding;

    /// <summary>Responses from upstream still go to the caller (before the final one, and 2xx retransmissions after it).</summary>
    public bool RelaysSuccess => State is ServerState.Proceeding or ServerState.Accepted;

    public void Begin(bool isInvite, in OutboundTarget replyTarget, ReadOnlySpan<byte> request)
    {
        IsInvite = isInvite;
        ReplyTarget = replyTarget;
        Request.CopyFrom(request);
        State = ServerState.Proceeding;
    }

    /// <summary>RFC 6026 §7.1: the first 2xx went to the caller; INVITE retransmissions are absorbed now, 2xx retransmissions relayed until Timer L.</summary>
    public void Accept(TimerSettings timers)
    {
        if (State != ServerState.Proceeding)
        {
            return;
        }

        State = ServerState.Accepted;
        LastResponse.Clear();
        _lingerTimer = Schedule(TransactionTimer.ServerLinger, timers.Linger);
    }

    /// <summary>
    /// Our final (non-2xx) response is in <see cref="LastResponse"/>. INVITE over UDP retransmits it
    /// (Timer G) until the ACK and gives up at Timer H; non-INVITE lingers for Timer J to answer
    /// retransmissions. Over TCP nothing lingers but the INVITE's wait for the ACK.
    /// </summary>
    public void Complete(TimerSettings timers)
    {
        State = ServerState.Completed;
        if (IsInvite)
        {
            if (ReplyTarget.Transport == SipTransportKind.Udp)
            {
                _responseInterval = timers.T1;
                _responseTimer = Schedule(TransactionTimer.ResponseRetransmit, timers.T1);
            }

            _lingerTimer = Schedule(TransactionTimer.ServerLinger, timers.TransactionLifetime);
        }
        else
        {
            Linger(timers.Linger);
        }
    }

    /// <summary>§17.2.1: the ACK to our non-2xx final response ends retransmissions; stray copies are absorbed until Timer I.</summary>
    public void Confirm(TimeSpan timerI)
    {
        if (State != ServerState.Completed)
        {
            return;
        }

        State = ServerState.Confirmed;
        _responseTimer.Cancel();
        _lingerTimer.Cancel();
        Linger(timerI);
    }

    /// <summary>Timer G fired: true when <see cref="LastResponse"/> is to be sent again (the timer is rearmed, doubling up to T2).</summary>
    public bool OnResponseRetransmit(TimerSettings timers)
    {
        if (State != ServerState.Completed || LastResponse.IsEmpty)
        {
            return false;
        }

        var interval = _responseInterval * 2;
        _responseInterval = interval < timers.T2 ? interval : timers.T2;
        _responseTimer = Schedule(TransactionTimer.ResponseRetransmit, _responseInterval);
        return true;
    }

    /// <summary>Timer H / I / J / L: this side has absorbed what it had to.</summary>
    public void Terminate()
    {
        _responseTimer.Cancel();
        _lingerTimer.Cancel();
        State = ServerState.Terminated;
    }

    public void Reset()
    {
        _responseTimer.Cancel();
        _lingerTimer.Cancel();
        _responseTimer = default;
        _lingerTimer = default;
        _responseInterval = default;
        State = ServerState.Proceeding;
        IsInvite = false;
        ReplyTarget = default;
        Request.Clear();
        LastResponse.Clear();
    }

    /// <summary>Only unreliable transports linger (§17: Timers I and J are 0 over TCP).</summary>
    private void Linger(TimeSpan due)
    {
        if (ReplyTarget.Transport == SipTransportKind.Udp)
        {
            _lingerTimer = Schedule(TransactionTimer.ServerLinger, due);
        }
        else
        {
            Terminate();
        }
    }

    private TimerHandle Schedule(TransactionTimer timer, TimeSpan due) =>
        _wheel.Schedule(due, _transaction, null, _transaction.TimerToken(timer));
}
