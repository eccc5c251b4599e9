using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using SipGuard.Sip.Parsing;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>One TCP connection from a trunk's address: what SipGuard sends on it, split into messages, and whether it closed it.</summary>
internal sealed class TcpCaller : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    private readonly Channel<byte[]> _messages = Channel.CreateUnbounded<byte[]>();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public ChannelReader<byte[]> Messages => _messages.Reader;

    /// <summary>Completes when SipGuard closes or resets the connection.</summary>
    public Task Closed => _closed.Task;

    public static async Task<TcpCaller> ConnectAsync(IPAddress from, IPEndPoint proxy)
    {
        var caller = new TcpCaller();
        caller._socket.Bind(new IPEndPoint(from, 0));
        await caller._socket.ConnectAsync(proxy);
        _ = caller.ReadAsync();
        return caller;
    }

    public async Task SendAsync(byte[] bytes) => await _socket.SendAsync(bytes, SocketFlags.None);

    private async Task ReadAsync()
    {
        var pending = new List<byte>();
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await _socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                pending.AddRange(buffer.AsSpan(0, read));
                while (SipFraming.TryFindMessageLength(pending.ToArray(), SipParserLimits.Default, out var length, out var error) && !error.IsError && length > 0)
                {
                    _messages.Writer.TryWrite(pending.GetRange(0, length).ToArray());
                    pending.RemoveRange(0, length);
                }
            }
        }
        catch (SocketException)
        {
            // reset by SipGuard: closed all the same
        }
        catch (ObjectDisposedException)
        {
            // closed by the test
        }

        _closed.TrySetResult();
    }

    public void Dispose() => _socket.Dispose();
}
