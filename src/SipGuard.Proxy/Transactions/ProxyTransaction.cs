using System.Diagnostics;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// One proxied transaction: the server side facing the caller and the client side facing upstream
/// (Kamailio's tm "cell"). One object per slot of the <see cref="TransactionTable"/>, reused for
/// every transaction that slot holds; <see cref="Generation"/> tells the uses apart so a late
/// response or timer for an earlier use is ignored. All state changes happen under
/// <c>lock (transaction)</c>.
/// </summary>
internal sealed class ProxyTransaction : ITimerCallback
{
    private readonly ITransactionOwner _owner;
    private byte[] _key = new byte[128];

    public ProxyTransaction(int slot, ITransactionOwner owner)
    {
        Slot = slot;
        _owner = owner;
    }

    public int Slot { get; }

    public uint Generation { get; set; }

    /// <summary>False while the slot is free.</summary>
    public bool InUse { get; set; }

    // Matching of requests to the server side (RFC 3261 §17.2.3).
    public int KeyHash { get; private set; }

    public ReadOnlySpan<byte> Key => _key.AsSpan(0, KeyLength);

    public int KeyLength { get; private set; }

    public ProxyTransaction? NextInBucket { get; set; }

    // Server side.
    public ServerState Server { get; set; }

    public bool IsInvite { get; set; }

    public OutboundTarget ReplyTarget { get; set; }

    /// <summary>The request as received: local replies (408, 487) copy its Via, From, To, Call-ID and CSeq.</summary>
    public PooledBytes Request { get; } = new();

    /// <summary>The last response sent to the caller, resent on a request retransmission and by Timer G.</summary>
    public PooledBytes LastResponse { get; } = new();

    public TimeSpan ResponseRetransmitInterval { get; set; }

    // Client side.
    public ClientState Client { get; set; }

    public OutboundTarget Upstream { get; set; }

    /// <summary>The request as forwarded (our Via on top): retransmitted by Timer A/E, source of CANCEL and ACK.</summary>
    public PooledBytes Forwarded { get; } = new();

    public TimeSpan RequestRetransmitInterval { get; set; }

    /// <summary>The caller cancelled before any provisional arrived; the CANCEL goes upstream with the first one (§9.1).</summary>
    public bool CancelPending { get; set; }

    public bool CancelSent { get; set; }

    // Failover (RFC 3261 §16.6: each try is a new branch; the branch carries Attempt).

    /// <summary>The upstream whose targets the request is tried on; null for in-dialog and inbound requests (one next hop).</summary>
    public UpstreamRoute? Route { get; set; }

    /// <summary>Index of <see cref="Upstream"/> in <see cref="Route"/>'s targets.</summary>
    public int TargetIndex { get; set; }

    /// <summary>Targets tried so far, one bit per index.</summary>
    public ulong Tried { get; set; }

    public byte Attempt { get; set; }

    /// <summary>Drawn per transaction: the secret input of our branch's keyed part (<see cref="Security.BranchSeal"/>).</summary>
    public ulong Nonce { get; set; }

    /// <summary>The trunk whose transaction quota this transaction holds a slot of, given back when it leaves the table.</summary>
    public TrunkAdmission? QuotaHolder { get; set; }

    /// <summary>The trunk's concurrency counter this call holds until it is answered.</summary>
    public TrunkAdmission? Admission { get; set; }

    /// <summary>The INVITE's span while it is sampled and unanswered; ended with the final response.</summary>
    public Activity? Span { get; set; }

    // Timers.
    public TimerHandle RetransmitTimer { get; set; }

    public TimerHandle TimeoutTimer { get; set; }

    public TimerHandle ResponseTimer { get; set; }

    public TimerHandle ServerLingerTimer { get; set; }

    public TimerHandle ClientLingerTimer { get; set; }

    /// <summary>How long the current target may stay silent before the next one is tried.</summary>
    public TimerHandle TryTimer { get; set; }

    /// <summary>Token that carries the timer kind and this use's generation.</summary>
    public long TimerToken(TransactionTimer timer) => (long)timer | ((long)Generation << 8);

    public void OnTimer(object? state, long token) =>
        _owner.OnTransactionTimer(this, (TransactionTimer)(token & 0xFF), (uint)(token >> 8));

    public void SetKey(int hash, ReadOnlySpan<byte> key)
    {
        if (_key.Length < key.Length)
        {
            _key = new byte[Math.Max(key.Length, _key.Length * 2)];
        }

        key.CopyTo(_key);
        KeyLength = key.Length;
        KeyHash = hash;
    }

    /// <summary>Ends the INVITE's span, if one is open, with the final status the caller got.</summary>
    public void EndSpan(int finalStatus)
    {
        ProxyTracing.End(Span, finalStatus);
        Span = null;
    }

    /// <summary>Back to a free slot: timers cancelled, buffers kept for the next use.</summary>
    public void Reset()
    {
        EndSpan(0);
        RetransmitTimer.Cancel();
        TimeoutTimer.Cancel();
        ResponseTimer.Cancel();
        ServerLingerTimer.Cancel();
        ClientLingerTimer.Cancel();
        TryTimer.Cancel();
        TryTimer = default;
        RetransmitTimer = default;
        TimeoutTimer = default;
        ResponseTimer = default;
        ServerLingerTimer = default;
        ClientLingerTimer = default;
        KeyLength = 0;
        KeyHash = 0;
        NextInBucket = null;
        Server = ServerState.Proceeding;
        Client = ClientState.None;
        IsInvite = false;
        CancelPending = false;
        CancelSent = false;
        Route = null;
        TargetIndex = 0;
        Tried = 0;
        Attempt = 0;
        Admission = null;
        QuotaHolder?.ExitTransaction();
        QuotaHolder = null;
        Nonce = 0;
        ReplyTarget = default;
        Upstream = default;
        Request.Clear();
        LastResponse.Clear();
        Forwarded.Clear();
        InUse = false;
    }
}
