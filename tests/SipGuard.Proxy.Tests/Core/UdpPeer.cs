using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Proxy.Tests.Core;

/// <summary>A raw UDP socket on a loopback address playing a SIP peer (the caller or the upstream).</summary>
internal sealed class UdpPeer : IDisposable
{
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(10);
    private readonly UdpClient _client;

    public UdpPeer(string address, int port)
    {
        _client = new UdpClient(new IPEndPoint(IPAddress.Parse(address), port));
        EndPoint = new IPEndPoint(IPAddress.Parse(address), port);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Bytes received and not yet read: 0 means nothing has arrived (loopback delivers on send).</summary>
    public int Pending => _client.Available;

    public void Send(string message, IPEndPoint to) => Send(Encoding.ASCII.GetBytes(message), to);

    public void Send(byte[] message, IPEndPoint to) => _client.Send(message, message.Length, to);

    /// <summary>The next datagram; fails the test when none arrives within the (generous) bound.</summary>
    public async Task<byte[]> ReceiveAsync(string what)
    {
        using var cts = new CancellationTokenSource(ReceiveTimeout);
        try
        {
            var result = await _client.ReceiveAsync(cts.Token);
            return result.Buffer;
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{EndPoint} received nothing while waiting for {what}");
        }
    }

    /// <summary>The next datagram that is not byte-identical to one of <paramref name="ignored"/> (our retransmissions).</summary>
    public async Task<byte[]> ReceiveIgnoringAsync(string what, params byte[][] ignored)
    {
        while (true)
        {
            var data = await ReceiveAsync(what);
            if (!ignored.Any(i => i.AsSpan().SequenceEqual(data)))
            {
                return data;
            }
        }
    }

    /// <summary>The next response whose status is final or equal to <paramref name="status"/>, skipping other provisionals.</summary>
    public async Task<byte[]> ReceiveStatusAsync(int status)
    {
        while (true)
        {
            var data = await ReceiveAsync($"a {status} response");
            var code = Sip.StatusOf(data);
            if (code == status || code >= 200)
            {
                return data;
            }
        }
    }

    public void Dispose() => _client.Dispose();
}
