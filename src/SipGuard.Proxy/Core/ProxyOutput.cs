using Microsoft.Extensions.Logging;
using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The way out: every byte the proxy sends goes through <see cref="Send"/> (a failure is logged,
/// never thrown), and the copies a transaction keeps are re-read through <see cref="TryReadStored"/>.
/// </summary>
internal sealed class ProxyOutput
{
    private readonly ISipTransport _transport;
    private readonly SipParserLimits _limits;
    private readonly ILogger _logger;

    public ProxyOutput(ISipTransport transport, SipParserLimits limits, ILogger logger)
    {
        _transport = transport;
        _limits = limits;
        _logger = logger;
    }

    /// <summary>Sends and logs a failure; false when the bytes did not leave (no listener, no connection, queue full).</summary>
    public bool Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
    {
        var result = _transport.Send(target, bytes);
        if (result == SendResult.Sent)
        {
            return true;
        }

        Log.SendFailed(_logger, target.Remote, result);
        return false;
    }

    /// <summary>
    /// Re-reads a copy a transaction keeps (the request as received, or as forwarded) into
    /// <see cref="ProxyWorkspace.Stored"/>, for the rare paths that build a message from it.
    /// </summary>
    public bool TryReadStored(ProxyWorkspace workspace, MessageCopy copy, SipTransportKind transport, out SipMessage message)
    {
        message = workspace.Stored;
        if (copy.IsEmpty)
        {
            return false;
        }

        copy.Span.CopyTo(workspace.Scratch);
        return !SipParser.Parse(workspace.Scratch, 0, copy.Length, _limits, message, FramingOf(transport)).IsError;
    }

    public static SipFramingMode FramingOf(SipTransportKind transport) =>
        transport == SipTransportKind.Udp ? SipFramingMode.Datagram : SipFramingMode.Stream;
}
