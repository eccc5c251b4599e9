using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Sip.Tests.Transports;

/// <summary>Client sockets for the TCP tests, optionally from a chosen loopback address (another "host").</summary>
internal static class TcpPeer
{
    public static async Task<Socket> ConnectAsync(TransportHarness harness, string from = "127.0.0.1")
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        await client.ConnectAsync(harness.Set.GetLocalEndpoint(0).ToIPEndPoint(), Guard.Token);
        return client;
    }

    /// <summary>Like <see cref="ConnectAsync"/>, but a reset at accept (which may surface from the connect) gives null.</summary>
    public static async Task<Socket?> ConnectOrResetAsync(TransportHarness harness, string from)
    {
        try
        {
            var socket = await ConnectAsync(harness, from);
            try
            {
                // The first byte of a message: a reset shows here or in the read that follows.
                await socket.SendAsync("I"u8.ToArray(), SocketFlags.None);
                return socket;
            }
            catch (SocketException)
            {
                socket.Dispose();
                return null;
            }
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return null;
        }
    }

    public static Task SendAsync(Socket socket, string text) =>
        socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Reads until the peer closes or resets; returns what arrived.</summary>
    public static async Task<string> ReadToEndAsync(Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        var token = Guard.Token;
        while (true)
        {
            int read;
            try
            {
                read = await socket.ReceiveAsync(buffer, SocketFlags.None, token);
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
            {
                read = 0;
            }

            if (read == 0)
            {
                return Encoding.ASCII.GetString(all.ToArray());
            }

            all.Write(buffer, 0, read);
        }
    }

    /// <summary>
    /// Sends <paramref name="text"/> one byte at a time, <paramref name="gap"/> apart, until it is
    /// all sent or the server closes the connection; true when the server closed it first.
    /// </summary>
    public static async Task<bool> TrickleAsync(Socket socket, string text, TimeSpan gap)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var token = Guard.Token;
        foreach (var b in bytes)
        {
            try
            {
                await socket.SendAsync(new[] { b }, SocketFlags.None, token);
                await Task.Delay(gap, token);
            }
            catch (SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
