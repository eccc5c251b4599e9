using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Sip.Transports;

namespace SipGuard.Sip.Tests.Transports;

public sealed class TcpTransportTests
{
    private const string Options = "OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\nCall-ID: a\r\nContent-Length: 0\r\n\r\n";
    private const string Message = "MESSAGE sip:x@127.0.0.1 SIP/2.0\r\nCall-ID: b\r\nl: 12\r\n\r\nhi\r\n\r\nthere!";
    private static readonly byte[] BadRequest = Encoding.ASCII.GetBytes("SIP/2.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n");

    private static TransportConfig Tcp(int maxConnections = 100, int maxMessageSize = 64 * 1024, TimeSpan? idle = null) => new()
    {
        Listen = ["tcp://127.0.0.1:0"],
        TcpMaxConnections = maxConnections,
        MaxMessageSize = maxMessageSize,
        TcpIdleTimeout = idle ?? TimeSpan.FromMinutes(10),
    };

    private static async Task<Socket> ConnectAsync(TransportHarness harness)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await client.ConnectAsync(harness.Set.GetLocalEndpoint(0).ToIPEndPoint(), Guard.Token);
        return client;
    }

    private static Task SendAsync(Socket socket, string text) =>
        socket.SendAsync(Encoding.ASCII.GetBytes(text), SocketFlags.None);

    /// <summary>Reads until the peer closes; returns what arrived.</summary>
    private static async Task<string> ReadToEndAsync(Socket socket)
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

    private static async Task<string> ReadExactlyAsync(Socket socket, int length)
    {
        var buffer = new byte[length];
        var token = Guard.Token;
        var offset = 0;
        while (offset < length)
        {
            var read = await socket.ReceiveAsync(buffer.AsMemory(offset), SocketFlags.None, token);
            read.Should().BePositive("the server must not close before sending {0} bytes", length);
            offset += read;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    [Fact]
    public async Task TwoMessagesInOneSegment_HandlerGetsEachWhole()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        using var client = await ConnectAsync(harness);

        await SendAsync(client, Options + Message);

        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Options);
        var second = await harness.Handler.NextPacketAsync();
        second.Text.Should().Be(Message, "the body is framed by Content-Length even though it holds CRLFCRLF");
        second.Transport.Should().Be(SipTransportKind.Tcp);
        second.ConnectionId.Should().BePositive();
    }

    [Fact]
    public async Task OneMessageSplitOverManyWrites_HandlerGetsItOnce()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        using var client = await ConnectAsync(harness);

        var bytes = Encoding.ASCII.GetBytes(Message + Options);
        for (var i = 0; i < bytes.Length; i += 5)
        {
            await client.SendAsync(bytes.AsMemory(i, Math.Min(5, bytes.Length - i)), SocketFlags.None);
        }

        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Message);
        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Options);
    }

    [Fact]
    public async Task LargeBodyAcrossSegments_FramedByContentLength()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        using var client = await ConnectAsync(harness);
        var body = new string('x', 40_000);
        var large = $"MESSAGE sip:x@127.0.0.1 SIP/2.0\r\nContent-Length: {body.Length}\r\n\r\n{body}";

        await SendAsync(client, large + Options);

        (await harness.Handler.NextPacketAsync()).Text.Should().Be(large);
        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Options);
    }

    [Fact]
    public async Task DoubleCrlfPing_IsAnsweredWithOneCrlfPong_AndStrayCrlfIsSkipped()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        using var client = await ConnectAsync(harness);

        await SendAsync(client, "\r\n\r\n");
        (await ReadExactlyAsync(client, 2)).Should().Be("\r\n");

        await SendAsync(client, "\r\n" + Options);
        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Options);
    }

    [Fact]
    public async Task Response_SentToConnectionId_ArrivesOnTheSameConnection()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        const string ok = "SIP/2.0 200 OK\r\nCall-ID: a\r\nContent-Length: 0\r\n\r\n";
        harness.Handler.Reply = _ => Encoding.ASCII.GetBytes(ok);
        using var other = await ConnectAsync(harness);
        using var client = await ConnectAsync(harness);

        await SendAsync(client, Options);

        (await ReadExactlyAsync(client, ok.Length)).Should().Be(ok);
        other.Available.Should().Be(0);
    }

    [Fact]
    public async Task Send_UnknownConnectionId_ReturnsConnectionNotFound()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        var target = new OutboundTarget(SipTransportKind.Tcp, SipEndpoint.FromIPv4(0x7F000001, 5060), ConnectionId: 999);

        harness.Set.Send(target, Encoding.ASCII.GetBytes(Options)).Should().Be(SendResult.ConnectionNotFound);
    }

    [Fact]
    public async Task IdleConnection_ClosedWhenTheIdleTimeoutPassesOnTheWheel()
    {
        var time = new FakeTimeProvider();
        await using var harness = await TransportHarness.StartAsync(Tcp(idle: TimeSpan.FromSeconds(30)), time);
        using var client = await ConnectAsync(harness);
        await SendAsync(client, Options);
        await harness.Handler.NextPacketAsync();
        harness.Set.ConnectionCount.Should().Be(1);

        time.Advance(TimeSpan.FromSeconds(31));

        (await ReadToEndAsync(client)).Should().BeEmpty();
        harness.Set.Counters.IdleClosed.Should().Be(1);
    }

    [Fact]
    public async Task ActiveConnection_NotClosedBeforeItHasBeenIdleForTheTimeout()
    {
        var time = new FakeTimeProvider();
        await using var harness = await TransportHarness.StartAsync(Tcp(idle: TimeSpan.FromSeconds(30)), time);
        harness.Handler.Reply = data => data;
        using var client = await ConnectAsync(harness);
        await SendAsync(client, Options);
        await harness.Handler.NextPacketAsync();

        time.Advance(TimeSpan.FromSeconds(20));
        await SendAsync(client, Options);
        await harness.Handler.NextPacketAsync();
        time.Advance(TimeSpan.FromSeconds(20));

        harness.Set.Counters.IdleClosed.Should().Be(0);
        await SendAsync(client, Options);
        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Options);
    }

    [Fact]
    public async Task ConnectionOverTheLimit_IsRefusedAndTheFirstKeepsWorking()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp(maxConnections: 1));
        using var first = await ConnectAsync(harness);
        await SendAsync(first, Options);
        await harness.Handler.NextPacketAsync();

        // The refusal is a reset: it may already surface from the connect.
        using var second = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await second.ConnectAsync(harness.Set.GetLocalEndpoint(0).ToIPEndPoint(), Guard.Token);
            (await ReadToEndAsync(second)).Should().BeEmpty();
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
        }

        harness.Set.Counters.ConnectionsRefused.Should().Be(1);
        await SendAsync(first, Message);
        (await harness.Handler.NextPacketAsync()).Text.Should().Be(Message);
    }

    [Fact]
    public async Task MessageOverTheLimit_HandlerToldAndConnectionClosedAfterItsReply()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp(maxMessageSize: 1024));
        harness.Handler.ErrorReply = BadRequest;
        using var client = await ConnectAsync(harness);

        await SendAsync(client, "MESSAGE sip:x@127.0.0.1 SIP/2.0\r\nCall-ID: c\r\nContent-Length: 5000\r\n\r\n");

        var error = await harness.Handler.NextErrorAsync();
        error.Kind.Should().Be(StreamErrorKind.MessageTooLarge);
        Encoding.ASCII.GetString(error.Head).Should().Contain("Call-ID: c");
        (await ReadToEndAsync(client)).Should().Be(Encoding.ASCII.GetString(BadRequest));
    }

    [Fact]
    public async Task NegativeContentLength_HandlerToldAndConnectionClosed()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        harness.Handler.ErrorReply = BadRequest;
        using var client = await ConnectAsync(harness);

        await SendAsync(client, "INVITE sip:x@127.0.0.1 SIP/2.0\r\nContent-Length: -4\r\n\r\nabcd");

        (await harness.Handler.NextErrorAsync()).Kind.Should().Be(StreamErrorKind.BadContentLength);
        (await ReadToEndAsync(client)).Should().Be(Encoding.ASCII.GetString(BadRequest));
        harness.Set.Counters.FramingErrors.Should().Be(1);
    }

    [Fact]
    public async Task MissingContentLength_HandlerToldAndConnectionClosed()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        using var client = await ConnectAsync(harness);

        await SendAsync(client, "INVITE sip:x@127.0.0.1 SIP/2.0\r\nCall-ID: d\r\n\r\n");

        (await harness.Handler.NextErrorAsync()).Kind.Should().Be(StreamErrorKind.MissingContentLength);
        (await ReadToEndAsync(client)).Should().BeEmpty();
    }

    [Fact]
    public async Task Send_ToUpstreamWithoutConnection_ConnectsOnceAndReusesIt()
    {
        await using var harness = await TransportHarness.StartAsync(Tcp());
        using var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        upstream.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        upstream.Listen(4);
        var target = new OutboundTarget(SipTransportKind.Tcp, SipEndpoint.FromIPEndPoint((IPEndPoint)upstream.LocalEndPoint!));

        harness.Set.Send(target, Encoding.ASCII.GetBytes(Options)).Should().Be(SendResult.Sent);
        harness.Set.Send(target, Encoding.ASCII.GetBytes(Message)).Should().Be(SendResult.Sent);
        using var accepted = await upstream.AcceptAsync(Guard.Token);

        (await ReadExactlyAsync(accepted, Options.Length + Message.Length)).Should().Be(Options + Message);
        ((IPEndPoint)accepted.RemoteEndPoint!).Address.Should().Be(IPAddress.Loopback);

        // The upstream answers on that connection: the handler sees it with the connection's id.
        await accepted.SendAsync(Encoding.ASCII.GetBytes(Options), SocketFlags.None);
        var response = await harness.Handler.NextPacketAsync();
        response.Remote.Should().Be(target.Remote);
        harness.Set.ConnectionCount.Should().Be(1);
    }

    [Fact]
    public async Task Stop_WithOpenConnections_ClosesThemAndCompletes()
    {
        var harness = await TransportHarness.StartAsync(Tcp());
        using var client = await ConnectAsync(harness);
        await SendAsync(client, Options);
        await harness.Handler.NextPacketAsync();

        await harness.DisposeAsync();

        (await ReadToEndAsync(client)).Should().BeEmpty();
        harness.Set.ConnectionCount.Should().Be(0);
    }
}
