using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The RFC 3261 §16 stateful proxy, as the transports and the host see it: every message the
/// transports receive comes here, on the receive thread, and runs through the
/// <see cref="ProxyPipeline"/> before the call returns (docs/architecture.md draws the stages).
/// This type only wires the stages together and publishes snapshots.
/// </summary>
public sealed class SipProxy : ISipPacketHandler
{
    private readonly TransactionTable _table;
    private readonly LiveSnapshot _snapshot;
    private readonly TargetHealthRegistry _health = new();
    private readonly UpstreamProber _prober;
    private readonly CallAdmission _admission;
    private readonly ProxyPipeline _pipeline;
    private readonly UnreachableTargets _unreachable;

    public SipProxy(
        ProxySnapshot snapshot,
        ISipTransport transport,
        IReadOnlyList<ListenerUri> listeners,
        TimingWheel wheel,
        SipProxyOptions options,
        ProxyMetrics? metrics = null,
        IScreeningObserver? observer = null,
        ILogger<SipProxy>? logger = null,
        TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        metrics ??= new ProxyMetrics();
        observer ??= NullScreeningObserver.Instance;
        ILogger log = logger ?? NullLogger<SipProxy>.Instance;
        _snapshot = new LiveSnapshot(snapshot);
        var local = new LocalAddresses(listeners);
        var secret = ProxySecret.Generate(); // per process: what this node wrote, only this node trusts
        var branches = new BranchSeal(secret);
        var dialogs = new DialogGuard(secret);
        var workspaces = new WorkspacePool(options.ParserLimits.MaxMessageSize);
        _prober = new UpstreamProber(wheel, time, transport, local, log);

        // Output and the state machines' collaborators first, then the stages that use them.
        var output = new ProxyOutput(transport, options.ParserLimits, log);
        var replies = new LocalReplies(new LocalReplyWriter(_snapshot), output, metrics, _snapshot);
        var targets = new UpstreamTargets(_health, time, log);
        var editor = new ForwardEditor(local, branches, dialogs);
        var failover = new TargetFailover(targets, output, editor, branches, dialogs, _snapshot, log);
        var upstream = new UpstreamRequests(output);
        var timers = new TransactionTimers(workspaces, output, failover, targets, upstream, replies, _snapshot, log);
        _table = new TransactionTable(options.MaxTransactions, timers, wheel, (uint)Random.Shared.Next());
        timers.Attach(_table);
        metrics.ObserveActiveTransactions(() => _table.Active);

        _admission = new CallAdmission(Admissions, targets, replies, metrics, observer, time, log);
        var planner = new RequestPlanner(local, new InDialogRouter(local, dialogs, metrics), new CallScreener(metrics, observer));
        var forwarder = new Forwarder(editor, failover, targets, replies, output);
        var requests = new RequestHandler(
            _table, _admission, planner, new HopByHopRequests(_table, planner, forwarder, upstream, replies, metrics, _snapshot), forwarder, new Redirect.RedirectResponder(replies), replies, metrics, log);
        var relay = new ResponseRelay(output, metrics, _snapshot);
        var responses = new ResponseMatcher(_table, branches, _prober, new ClientResponses(targets, failover, upstream, relay, _snapshot), metrics);
        _pipeline = new ProxyPipeline(workspaces, options.ParserLimits, new RequestGate(local), _admission, requests, responses, replies, metrics, _snapshot, log);
        _unreachable = new UnreachableTargets(_table, workspaces, failover, targets, replies, log);
        Publish(snapshot);
    }

    /// <summary>The counters behind the trunk and global limits, for a cluster to share.</summary>
    public AdmissionRegistry Admissions { get; } = new();

    /// <summary>The sources ignored for flooding, for a cluster to share.</summary>
    public FloodBlocks FloodBlocks => _admission.FloodBlocks;

    /// <summary>Transactions in progress (including those lingering to absorb retransmissions).</summary>
    public int ActiveTransactions => _table.Active;

    /// <summary>Transactions still waiting for their final response: what a drain waits for (lingering ones only absorb retransmissions).</summary>
    public int CallsInProgress => _table.CountAwaitingFinalResponse();

    public ProxySnapshot Snapshot => _snapshot.Current;

    /// <summary>Breaker and probe state of the running snapshot's upstreams, read by health checks and the console.</summary>
    public UpstreamHealthView UpstreamHealth => new(() => Snapshot, _prober);

    /// <summary>Swaps in a new config; calls in flight keep the one they started with.</summary>
    public void Update(ProxySnapshot snapshot) => Publish(snapshot);

    /// <summary>Stop taking new INVITEs (503 + Retry-After); transactions in progress carry on.</summary>
    public void BeginDrain() => _admission.BeginDrain();

    public void OnPacket(in InboundPacket packet) => _pipeline.OnPacket(packet);

    public void OnStreamError(in StreamError error) => _pipeline.OnStreamError(error);

    public void OnConnectFailed(in OutboundTarget target) => _unreachable.OnConnectFailed(target);

    /// <summary>Publishes a snapshot after binding its upstreams to the breakers and telling the prober.</summary>
    private void Publish(ProxySnapshot snapshot)
    {
        foreach (var route in snapshot.Upstreams)
        {
            route.Bind(_health);
        }

        _snapshot.Set(snapshot);
        _prober.Update(snapshot.Upstreams);
    }
}
