using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Replies;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>
/// A real UDP socket that records every datagram it receives, in order. As the upstream it also
/// answers each request it is sent (except ACK), so SipGuard's transactions end instead of
/// retransmitting: 486 to an INVITE, 200 to anything else, with a reason phrase ("Upstream …")
/// that tells a relayed answer apart from one SipGuard wrote itself.
/// </summary>
internal sealed class UdpRecorder : IAsyncDisposable
{
    public const string UpstreamReasonPrefix = "Upstream";
    private readonly UdpClient _socket;
    private readonly bool _answer;
    private readonly Channel<byte[]> _arrivals = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public UdpRecorder(IPEndPoint bind, bool answerRequests)
    {
        _socket = new UdpClient(bind);
        _answer = answerRequests;
        _loop = Task.Run(RunAsync);
    }

    public ChannelReader<byte[]> Arrivals => _arrivals.Reader;

    public Task SendAsync(byte[] datagram, IPEndPoint to) => _socket.SendAsync(datagram, to).AsTask();

    private async Task RunAsync()
    {
        var replies = new LocalReplyBuilder();
        var message = new SipMessage();
        var output = new byte[70 * 1024];
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue; // an ICMP error for an earlier send; nothing was received
            }

            _arrivals.Writer.TryWrite(received.Buffer);
            if (!_answer || SipParser.Parse(received.Buffer, 0, received.Buffer.Length, SipParserLimits.Default, message).IsError ||
                !message.IsRequest || message.Method == SipMethod.Ack)
            {
                continue;
            }

            var invite = message.Method == SipMethod.Invite;
            if (replies.TryWrite(message, invite ? 486 : 200, invite ? "Upstream Busy"u8 : "Upstream OK"u8, "upstream"u8, output, out var written))
            {
                await _socket.SendAsync(output.AsMemory(0, written), received.RemoteEndPoint);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
