using System.Diagnostics;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Telemetry;
using SipGuard.Sip.Timers;

namespace SipGuard.Proxy.Transactions;

/// <summary>
/// One proxied transaction: the <see cref="Server"/> side facing the caller and the
/// <see cref="Client"/> side facing upstream (Kamailio's tm "cell"), each owning its state and
/// timers, plus what the call holds while it runs (its admission counters, its span). One object
/// per slot of the <see cref="TransactionTable"/>, reused for every transaction that slot holds;
/// <see cref="Generation"/> tells the uses apart so a late response or timer for an earlier use is
/// ignored. All state changes happen under <c>lock (transaction)</c>.
/// </summary>
internal sealed class ProxyTransaction : ITimerCallback
{
    private readonly ITransactionOwner _owner;
    private byte[] _key = new byte[128];
    private TrunkAdmission? _quota;
    private TrunkAdmission? _admission;
    private Activity? _span;

    public ProxyTransaction(int slot, ITransactionOwner owner, TimingWheel wheel)
    {
        Slot = slot;
        _owner = owner;
        Server = new ServerTransaction(this, wheel);
        Client = new ClientTransaction(this, wheel);
    }

    public int Slot { get; }

    public uint Generation { get; private set; }

    /// <summary>False while the slot is free.</summary>
    public bool InUse { get; private set; }

    public ServerTransaction Server { get; }

    public ClientTransaction Client { get; }

    /// <summary>Drawn per transaction: the secret input of our branch's keyed part (<see cref="Security.BranchSeal"/>).</summary>
    public ulong Nonce { get; private set; }

    // Matching of requests to the server side (RFC 3261 §17.2.3), kept by the table.
    public int KeyHash { get; private set; }

    public ReadOnlySpan<byte> Key => _key.AsSpan(0, KeyLength);

    public int KeyLength { get; private set; }

    /// <summary>The next transaction in this one's hash bucket (the table's chain).</summary>
    public ProxyTransaction? NextInBucket { get; set; }

    /// <summary>Both sides are over: the slot can be given back.</summary>
    public bool IsDone => Server.State == ServerState.Terminated && Client.State is ClientState.Terminated or ClientState.None;

    /// <summary>
    /// The request begins a transaction: its nonce, the INVITE's span (ended with the final
    /// response) and the trunk's transaction quota slot it holds until the slot is free again.
    /// </summary>
    public void Open(ulong nonce, Activity? span, TrunkAdmission? quota)
    {
        Nonce = nonce;
        _span = span;
        _quota = quota;
    }

    /// <summary>The trunk's concurrency counter this call holds until it is answered.</summary>
    public void HoldAdmission(TrunkAdmission? admission) => _admission = admission;

    /// <summary>A call counted against its trunk's concurrency limit stops counting once the caller has its final response.</summary>
    public void ReleaseAdmissionOnceAnswered()
    {
        if (_admission is { } admission && !Server.AwaitingFinal)
        {
            admission.Exit();
            _admission = null;
        }
    }

    /// <summary>Ends the INVITE's span, if one is open, with the final status the caller got.</summary>
    public void EndSpan(int finalStatus)
    {
        ProxyTracing.End(_span, finalStatus);
        _span = null;
    }

    /// <summary>Token that carries the timer kind and this use's generation.</summary>
    public long TimerToken(TransactionTimer timer) => (long)timer | ((long)Generation << 8);

    public void OnTimer(object? state, long token) =>
        _owner.OnTransactionTimer(this, (TransactionTimer)(token & 0xFF), (uint)(token >> 8));

    /// <summary>The table hands the slot out for a new use.</summary>
    public void Claim(uint generation)
    {
        Generation = generation;
        InUse = true;
    }

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

    /// <summary>Back to a free slot: timers cancelled, counters given back, buffers kept for the next use.</summary>
    public void Reset()
    {
        EndSpan(0);
        Server.Reset();
        Client.Reset();
        KeyLength = 0;
        KeyHash = 0;
        NextInBucket = null;
        _admission = null;
        _quota?.ExitTransaction();
        _quota = null;
        Nonce = 0;
        InUse = false;
    }
}
