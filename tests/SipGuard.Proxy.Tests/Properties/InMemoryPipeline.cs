using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Proxy.Configuration;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Replies;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Tests.Properties;

/// <summary>
/// A whole <see cref="SipProxy"/> (gate, screening, transactions, editing, timers) on an in-memory
/// transport and fake time, used only through its public members: datagrams from a trunk go in
/// through <see cref="SipProxy.OnPacket"/>, and the transport counts what is sent to the upstream.
/// The upstream answers every request it is sent (486 to an INVITE, 200 to the rest) through the
/// same entry point, so transactions complete, the response path runs, and the upstream's breaker
/// stays closed. The trunk is `trusted` in enforce mode (as in the host corpus replay) so that requests whose
/// callers are names or foreign numbers still reach the forward stage.
/// </summary>
internal sealed class InMemoryPipeline : IDisposable
{
    private static readonly SipEndpoint Caller = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5070));
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5060));
    private static readonly SipEndpoint Upstream = SipEndpoint.FromIPEndPoint(new IPEndPoint(IPAddress.Loopback, 5080));

    private readonly FakeTimeProvider _time = new();
    private readonly TimingWheel _wheel;
    private readonly CountingTransport _transport = new();
    private readonly SipMessage _parsed = new();
    private readonly LocalReplyBuilder _replies = new();
    private readonly byte[] _answer = new byte[80 * 1024];

    public InMemoryPipeline()
    {
        var policy = new PolicyConfig(
            NumberingConfig.Default,
            [new TrunkConfig("corpus", TrunkKind.Trusted, ["127.0.0.2/32"], TrunkMode.Enforce, [], Special: false, BlockDomesticCallers: null, DomesticExemptions: [], Registration: null)],
            [],
            [],
            Path.GetTempPath());
        var compiled = PolicyCompiler.Compile(policy);
        compiled.Errors.Should().BeEmpty();
        var config = new ProxyConfig(
            [new ListenerConfig(SipTransportKind.Udp, IPAddress.Loopback, 5060, "udp://127.0.0.1:5060")],
            [new UpstreamConfig("callcenter", [new UpstreamTargetConfig("sip:127.0.0.1:5080", SipTransportKind.Udp, "127.0.0.1", 5080, 0, 1)], UpstreamConfig.DefaultFailoverCodes, null)],
            RecordRoute: true,
            MaxTransactions: 100_000,
            ProxyConfig.DefaultDrainTimeout,
            ServerHeader: null,
            ProxyConfig.DefaultWarnAgent,
            [],
            LimitsConfig.Default)
        {
            TrunkUpstreams = new Dictionary<string, string> { ["corpus"] = "callcenter" },
        };
        var snapshot = ProxySnapshotBuilder.Build(config, compiled.Snapshot!, out var errors);
        errors.Should().BeEmpty();
        ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _).Should().BeTrue();
        _wheel = new TimingWheel(_time, TimeSpan.FromMilliseconds(250));
        Proxy = new SipProxy(snapshot!, _transport, [listener], _wheel, SipProxyOptions.Default, logger: Errors, time: _time);
    }

    public SipProxy Proxy { get; }

    /// <summary>Errors the proxy logged (a timer callback that threw is caught and logged there).</summary>
    public ErrorCountingLogger Errors { get; } = new();

    /// <summary>
    /// Hands one datagram from the trunk to the proxy and returns how many sends to the upstream it
    /// caused; then the upstream answers what it got.
    /// </summary>
    public int Deliver(ReadOnlySpan<byte> datagram)
    {
        var before = _transport.UpstreamSends;
        Proxy.OnPacket(new InboundPacket(datagram, Caller, Local, 0, SipTransportKind.Udp, 0));
        var caused = _transport.UpstreamSends - before;
        AnswerUpstreamRequests();
        return caused;
    }

    private void AnswerUpstreamRequests()
    {
        while (_transport.TakeUpstreamRequest(out var request))
        {
            if (SipParser.Parse(request, 0, request.Length, SipParserLimits.Default, _parsed).IsError || !_parsed.IsRequest || _parsed.Method == SipMethod.Ack)
            {
                continue;
            }

            var invite = _parsed.Method == SipMethod.Invite;
            if (_replies.TryWrite(_parsed, invite ? 486 : 200, invite ? "Busy Here"u8 : "OK"u8, "up"u8, _answer, out var written))
            {
                Proxy.OnPacket(new InboundPacket(_answer.AsSpan(0, written), Upstream, Local, 0, SipTransportKind.Udp, 0));
            }
        }
    }

    /// <summary>Past Timer B/C/H and every linger: the transactions so far end, so the table never fills.</summary>
    public void EndTransactions() => _time.Advance(TimeSpan.FromMinutes(4));

    public void Dispose() => _wheel.Dispose();

    /// <summary>Counts sends to the upstream and keeps the requests among them for the upstream to answer.</summary>
    private sealed class CountingTransport : ISipTransport
    {
        private readonly Queue<byte[]> _pending = new();

        public int UpstreamSends { get; private set; }

        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            if (target.Remote.Equals(Upstream))
            {
                UpstreamSends++;
                // Drained after every delivery; the bound only stops a runaway from eating memory.
                if (!bytes.StartsWith("SIP/2.0 "u8) && _pending.Count < 64)
                {
                    _pending.Enqueue(bytes.ToArray());
                }
            }

            return SendResult.Sent;
        }

        public bool TakeUpstreamRequest(out byte[] request) => _pending.TryDequeue(out request!);
    }

    internal sealed class ErrorCountingLogger : ILogger<SipProxy>
    {
        private int _errors;

        public int Count => Volatile.Read(ref _errors);

        public string? Last { get; private set; }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Interlocked.Increment(ref _errors);
                Last = $"{formatter(state, exception)} {exception}";
            }
        }
    }
}
