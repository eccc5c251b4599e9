using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipGuard.Proxy.Resilience;
using SipGuard.Proxy.Routing;
using SipGuard.Proxy.Screening;
using SipGuard.Proxy.Security;
using SipGuard.Proxy.Telemetry;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Validation;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The RFC 3261 §16 stateful proxy: every message the transports receive comes here, on the
/// receive thread, and is parsed, matched, screened and sent on before the call returns.
/// Requests: <c>SipProxy.Requests.cs</c>; responses: <c>SipProxy.Responses.cs</c>; timers:
/// <c>SipProxy.Timers.cs</c>; what goes on the wire: <c>SipProxy.Output.cs</c>.
/// </summary>
public sealed partial class SipProxy : ISipPacketHandler, ITransactionOwner
{
    private readonly ISipTransport _transport;
    private readonly TimingWheel _wheel;
    private readonly TransactionTable _table;
    private readonly WorkspacePool _workspaces;
    private readonly SipParserLimits _limits;
    private readonly LocalAddresses _local;
    private readonly RequestGate _gate;
    private readonly ProxyMetrics _metrics;
    private readonly IScreeningObserver _observer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly UpstreamProber _prober;
    private readonly BranchSeal _branches;
    private readonly DialogGuard _dialogs;
    private ProxySnapshot _snapshot;
    private volatile bool _draining;

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
        _snapshot = snapshot;
        _time = time ?? TimeProvider.System;
        _transport = transport;
        _wheel = wheel;
        _limits = options.ParserLimits;
        _table = new TransactionTable(options.MaxTransactions, this, (uint)Random.Shared.Next());
        _workspaces = new WorkspacePool(options.ParserLimits.MaxMessageSize);
        _local = new LocalAddresses(listeners);
        _gate = new RequestGate(_local);
        _metrics = metrics ?? new ProxyMetrics();
        _metrics.ObserveActiveTransactions(() => _table.Active);
        _observer = observer ?? NullScreeningObserver.Instance;
        _logger = logger ?? NullLogger<SipProxy>.Instance;
        _prober = new UpstreamProber(wheel, _time, transport, _local, _logger);
        var secret = ProxySecret.Generate(); // per process: what this node wrote, only this node trusts
        _branches = new BranchSeal(secret);
        _dialogs = new DialogGuard(secret);
        Publish(snapshot);
    }

    /// <summary>Transactions in progress (including those lingering to absorb retransmissions).</summary>
    public int ActiveTransactions => _table.Active;

    /// <summary>Transactions still waiting for their final response: what a drain waits for (lingering ones only absorb retransmissions).</summary>
    public int CallsInProgress => _table.CountAwaitingFinalResponse();

    public ProxySnapshot Snapshot => Volatile.Read(ref _snapshot);

    /// <summary>Swaps in a new config; calls in flight keep the one they started with.</summary>
    public void Update(ProxySnapshot snapshot) => Publish(snapshot);

    /// <summary>Stop taking new INVITEs (503 + Retry-After); transactions in progress carry on.</summary>
    public void BeginDrain() => _draining = true;

    public void OnPacket(in InboundPacket packet)
    {
        if (packet.Data.Length > _limits.MaxMessageSize)
        {
            _metrics.ParseError(SipParseErrorKind.MessageTooLarge);
            return;
        }

        var workspace = _workspaces.Rent();
        try
        {
            packet.Data.CopyTo(workspace.Input);
            var message = workspace.Message;
            var error = SipParser.Parse(workspace.Input, 0, packet.Data.Length, _limits, message, FramingOf(packet.Transport));
            var source = new Source(packet.ReplyTarget, packet.Local, packet.ReceiveBacklogged);
            if (error.IsError)
            {
                OnParseError(workspace, error, source);
                return;
            }

            if (message.IsRequest)
            {
                _metrics.Request(message.Method);
                var invalid = _gate.Check(message);
                if (invalid.IsError)
                {
                    _metrics.Invalid(invalid.Kind, isRequest: true);
                    Refuse(workspace, invalid, source);
                    return;
                }

                OnRequest(workspace, source);
            }
            else
            {
                var invalid = SipResponseValidator.Validate(message);
                if (invalid.IsError)
                {
                    // A proxy never answers a response; a broken one is not relayed either.
                    _metrics.Invalid(invalid.Kind, isRequest: false);
                    return;
                }

                OnResponse(workspace, source);
            }
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    /// <summary>
    /// A TCP connection is about to close for bad framing. An oversized request whose header block
    /// arrived whole is answered 513 Message Too Large (RFC 3261 §21.5.14) on that connection
    /// first, so the sender learns why; the transport closes once the reply is flushed.
    /// </summary>
    public void OnStreamError(in StreamError error)
    {
        Log.StreamFramingError(_logger, error.Kind, error.Remote);
        if (error.Kind != StreamErrorKind.MessageTooLarge || error.Head.IsEmpty || error.Head.Length > _limits.MaxMessageSize)
        {
            return;
        }

        var workspace = _workspaces.Rent();
        try
        {
            error.Head.CopyTo(workspace.Input);
            var message = workspace.Message;
            SipParser.Parse(workspace.Input, 0, error.Head.Length, _limits, message, SipFramingMode.Stream);

            // The body never came, so the parse may report it missing; the headers a reply copies are what matter.
            if (message.IsRequest && message.Method != SipMethod.Ack && message.TryGetTopVia(out _) && message.TryGetCSeq(out _))
            {
                var target = new OutboundTarget(SipTransportKind.Tcp, error.Remote, error.ConnectionId, error.ListenerId);
                SendLocalReply(workspace, target, 513, "Message Too Large"u8, "message-too-large"u8, retryAfter: false);
            }
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    private void OnParseError(ProxyWorkspace workspace, SipParseError error, in Source source)
    {
        _metrics.ParseError(error.Kind);
        Refuse(workspace, error, source);
    }

    /// <summary>
    /// A request that does not parse or does not pass the gate: the RFC's answer (400 with a
    /// Warning naming the problem, 505, 416, 420, 482, 483, 513) or a silent drop; never forwarded.
    /// </summary>
    private void Refuse(ProxyWorkspace workspace, SipParseError error, in Source source)
    {
        var message = workspace.Message;
        var reaction = SipErrorReactions.For(error, message.IsRequest);
        if (reaction.IsDrop || message.Method == SipMethod.Ack)
        {
            return;
        }

        // A reply needs the headers it copies; without a Via there is nowhere to send it.
        if (!message.TryGetTopVia(out _) || !message.TryGetCSeq(out _))
        {
            return;
        }

        if (IsFlooding(message, source, Snapshot))
        {
            return; // a flooding source gets no answer, valid or not
        }

        Span<byte> warning = stackalloc byte[96];
        var length = RefusalText.Write(message, error, warning);
        SendLocalReply(workspace, source.Target, reaction.StatusCode, reaction.ReasonPhrase, warning[..length], retryAfter: false);
    }

    private static SipFramingMode FramingOf(SipTransportKind transport) =>
        transport == SipTransportKind.Udp ? SipFramingMode.Datagram : SipFramingMode.Stream;

    /// <summary>
    /// Re-reads a copy a transaction keeps (the request as received, or as forwarded) into
    /// <see cref="ProxyWorkspace.Stored"/>, for the rare paths that build a message from it.
    /// </summary>
    private bool TryReadStored(ProxyWorkspace workspace, PooledBytes copy, SipTransportKind transport, out SipMessage message)
    {
        message = workspace.Stored;
        if (copy.IsEmpty)
        {
            return false;
        }

        copy.Span.CopyTo(workspace.Scratch);
        return !SipParser.Parse(workspace.Scratch, 0, copy.Length, _limits, message, FramingOf(transport)).IsError;
    }

    /// <summary>Where a message came from: the reply target (RFC 3581: the packet's source) and the listener, and whether its receive queue is backed up.</summary>
    private readonly record struct Source(OutboundTarget Target, SipEndpoint Local, bool Backlogged);
}
