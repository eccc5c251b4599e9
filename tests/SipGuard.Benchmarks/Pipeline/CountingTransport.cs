using SipGuard.Sip.Transports;

namespace SipGuard.Benchmarks.Pipeline;

/// <summary>A transport that sends nothing: it counts what the proxy would have put on the wire.</summary>
internal sealed class CountingTransport : ISipTransport
{
    public long Sent { get; private set; }

    public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
    {
        Sent++;
        return SendResult.Sent;
    }
}
