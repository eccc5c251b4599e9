using Microsoft.Extensions.Logging;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;
using SipGuard.Sip.Validation;

namespace SipGuard.Proxy.Core;

/// <summary>
/// Receive → parse → validate, on the receive thread: the packet is copied into a pooled
/// workspace and parsed; a request must pass the <see cref="RequestGate"/> and goes on to the
/// <see cref="RequestHandler"/>, a response must pass <see cref="SipResponseValidator"/> and goes
/// to the <see cref="ResponseMatcher"/>. What fails is refused with the RFC's answer or dropped.
/// </summary>
internal sealed class ProxyPipeline
{
    private readonly WorkspacePool _workspaces;
    private readonly SipParserLimits _limits;
    private readonly RequestGate _gate;
    private readonly CallAdmission _admission;
    private readonly RequestHandler _requests;
    private readonly ResponseMatcher _responses;
    private readonly LocalReplies _replies;
    private readonly Telemetry.ProxyMetrics _metrics;
    private readonly LiveSnapshot _snapshot;
    private readonly ILogger _logger;

    public ProxyPipeline(
        WorkspacePool workspaces,
        SipParserLimits limits,
        RequestGate gate,
        CallAdmission admission,
        RequestHandler requests,
        ResponseMatcher responses,
        LocalReplies replies,
        Telemetry.ProxyMetrics metrics,
        LiveSnapshot snapshot,
        ILogger logger)
    {
        _workspaces = workspaces;
        _limits = limits;
        _gate = gate;
        _admission = admission;
        _requests = requests;
        _responses = responses;
        _replies = replies;
        _metrics = metrics;
        _snapshot = snapshot;
        _logger = logger;
    }

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
            var error = SipParser.Parse(workspace.Input, 0, packet.Data.Length, _limits, message, ProxyOutput.FramingOf(packet.Transport));
            var source = new MessageSource(packet.ReplyTarget, packet.Local, packet.ReceiveBacklogged, packet.PeerNames);
            var snapshot = _snapshot.Current;
            if (error.IsError)
            {
                _metrics.ParseError(error.Kind);
                Refuse(workspace, error, source, snapshot);
                return;
            }

            if (message.IsRequest)
            {
                _metrics.Request(message.Method);
                var invalid = _gate.Check(message);
                if (invalid.IsError)
                {
                    _metrics.Invalid(invalid.Kind, isRequest: true);
                    Refuse(workspace, invalid, source, snapshot);
                    return;
                }

                _requests.OnRequest(workspace, source, snapshot);
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

                _responses.OnResponse(workspace, source);
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
                var target = new OutboundTarget(SipTransportKind.Tcp, error.Remote, error.ConnectionId, error.ListenerId); // sent on the connection, TCP or TLS
                _replies.SendStateless(workspace, target, 513, "Message Too Large"u8, "message-too-large"u8, retryAfter: false);
            }
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    /// <summary>
    /// A request that does not parse or does not pass the gate: the RFC's answer (400 with a
    /// Warning naming the problem, 505, 416, 420, 482, 483, 513) or a silent drop; never forwarded.
    /// </summary>
    private void Refuse(ProxyWorkspace workspace, SipParseError error, in MessageSource source, Routing.ProxySnapshot snapshot)
    {
        var message = workspace.Message;
        var reaction = SipErrorReactions.For(error, message.IsRequest);
        if (reaction.IsDrop || message.Method == SipMethod.Ack)
        {
            return;
        }

        // A reply copies Via, From, To, Call-ID and CSeq as they came, so they must be there; they
        // need not parse (RFC 4475 §3.1.2.1 and §3.1.2.4 want a 400 for a broken Via or CSeq). It
        // goes to the address the request came from, never to one the Via names.
        if (!message.Has(KnownHeader.Via) || !message.Has(KnownHeader.CSeq))
        {
            return;
        }

        if (_admission.IsFlooding(message, source, snapshot))
        {
            return; // a flooding source gets no answer, valid or not
        }

        Span<byte> warning = stackalloc byte[96];
        var length = RefusalText.Write(message, error, warning);
        _replies.SendStateless(workspace, source.Target, reaction.StatusCode, reaction.ReasonPhrase, warning[..length], retryAfter: false);
    }
}
