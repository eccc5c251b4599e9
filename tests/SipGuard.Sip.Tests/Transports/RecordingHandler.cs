using System.Threading.Channels;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

/// <summary>
/// Copies every packet into a channel tests await (no sleeping). Optionally replies inline the way
/// the proxy will: on the receive thread, through the transport, to the packet's reply target.
/// </summary>
internal sealed class RecordingHandler : ISipPacketHandler
{
    private readonly Channel<ReceivedPacket> _packets = Channel.CreateUnbounded<ReceivedPacket>();
    private readonly Channel<ReportedStreamError> _errors = Channel.CreateUnbounded<ReportedStreamError>();

    public ISipTransport? Transport { get; set; }

    /// <summary>Reply to each packet with this (null: no reply); given the packet's bytes.</summary>
    public Func<byte[], byte[]?>? Reply { get; set; }

    /// <summary>Bytes sent back on the connection before it is closed for broken framing.</summary>
    public byte[]? ErrorReply { get; set; }

    public void OnPacket(in InboundPacket packet)
    {
        var copy = packet.Data.ToArray();
        var reply = Reply?.Invoke(copy);
        if (reply is not null)
        {
            Transport!.Send(packet.ReplyTarget, reply).Should().Be(SendResult.Sent);
        }

        _packets.Writer.TryWrite(new ReceivedPacket(copy, packet.Remote, packet.Local, packet.ListenerId, packet.Transport, packet.ConnectionId));
    }

    public void OnStreamError(in StreamError error)
    {
        if (ErrorReply is not null)
        {
            Transport!.Send(new OutboundTarget(SipTransportKind.Tcp, error.Remote, error.ConnectionId), ErrorReply);
        }

        _errors.Writer.TryWrite(new ReportedStreamError(error.Kind, error.Head.ToArray(), error.ConnectionId));
    }

    public async Task<ReceivedPacket> NextPacketAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _packets.Reader.ReadAsync(guard.Token);
    }

    public async Task<ReportedStreamError> NextErrorAsync()
    {
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        return await _errors.Reader.ReadAsync(guard.Token);
    }

    public bool TryTakePacket(out ReceivedPacket? packet) => _packets.Reader.TryRead(out packet);
}
