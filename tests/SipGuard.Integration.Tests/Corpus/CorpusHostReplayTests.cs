using System.Diagnostics;
using System.Net;
using System.Text;
using System.Threading.Channels;
using SipGuard.Conformance.Tests;
using SipGuard.Sip.Parsing;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>
/// The RFC 4475 / RFC 5118 corpus (tests/SipGuard.Conformance.Tests/Corpus) replayed through the real
/// host process (<c>sipguard run</c>) from a trunk's address, with a real UDP socket as the upstream
/// recording what arrives: over UDP every row, over TCP every row that is one exact TCP frame plus the
/// rows the manifest gives a stream outcome. Each invalid request is refused as the manifest says
/// (400 with a Warning naming the problem, 505, 416…) or dropped, and never forwarded; each valid one
/// is forwarded, or answered as RFC 3261 §16 has a proxy answer it; each forwarded request is
/// byte-identical to what was sent once SipGuard's Via, Record-Route, Max-Forwards and received/rport
/// stamp are taken back (<see cref="ForwardedBytes"/>). Rows are sent one at a time, each followed by
/// a barrier request: when the upstream has the barrier and the caller its answer, the row is done.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class CorpusHostReplayTests(ITestOutputHelper output) : IDisposable
{
    private const int Port = 15470;
    private const int UpstreamPort = 15471;
    private const int CallerPort = 15472;
    private static readonly IPAddress TrunkAddress = IPAddress.Parse("127.0.0.2");
    private static readonly IPEndPoint Proxy = new(IPAddress.Loopback, Port);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-corpus-").FullName;

    /// <summary>
    /// The rows answered 481 for their To-tag, sent again over UDP without it (as initial requests)
    /// so their bytes are diffed too: wsinv is the most tortuous message of the corpus.
    /// </summary>
    private static readonly string[] Refused481 = ["rfc4475/wsinv.dat", "rfc5118/crlf/via-received-param-with-delim", "rfc5118/crlf/mult-ip-in-header"];

    [Fact]
    public async Task Udp_every_corpus_row_is_refused_forwarded_unchanged_or_answered_as_a_proxy_must()
    {
        var manifest = ConformanceCorpus.ReadManifest();
        manifest.Should().HaveCount(73);
        var inputs = CorpusInput.Prepare(manifest.Select(r => (r, CorpusInput.Read(r))).Concat(manifest.Where(r => Refused481.Contains(r.File)).Select(CorpusInput.WithoutToTag)), "u");
        inputs.Should().HaveCount(73 + Refused481.Length);
        await using var upstream = new UdpRecorder(new IPEndPoint(IPAddress.Loopback, UpstreamPort), answerRequests: true);
        await using var caller = new UdpRecorder(new IPEndPoint(TrunkAddress, CallerPort), answerRequests: false);
        using var host = await StartHostAsync();
        var watch = Stopwatch.StartNew();
        var observed = new Dictionary<CorpusInput, RowObservation>();
        var byCallId = inputs.Where(i => i.CallId is not null).GroupBy(i => i.CallId!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var row = observed[input] = new RowObservation();
                await caller.SendAsync(input.Sent, Proxy);
                var barrier = $"barrier-u{i}";
                await caller.SendAsync(Barrier(barrier, "UDP", CallerPort), Proxy);
                await DrainAsync(upstream.Arrivals, barrier, m => Owner(m, byCallId, observed, row).Upstream(m), expectResponse: false);
                await DrainAsync(caller.Arrivals, barrier, m => Owner(m, byCallId, observed, row).Caller(m), expectResponse: true);
            }
        }
        finally
        {
            await host.StopAsync();
        }

        output.WriteLine($"UDP replay of {inputs.Count} rows: {watch.Elapsed.TotalSeconds:0.0} s");
        new CorpusJudge(output, Port).Judge(observed, "udp", CallerPort).Should().BeEmpty();
    }

    [Fact]
    public async Task Tcp_every_row_that_frames_is_judged_as_over_udp_and_the_stream_rows_close_the_connection()
    {
        var all = CorpusInput.Prepare(ConformanceCorpus.ReadManifest().Where(r => !r.File.StartsWith("rfc5118/", StringComparison.Ordinal) || r.File.StartsWith("rfc5118/crlf/", StringComparison.Ordinal)), "t");
        var streamRows = all.Where(i => ExpectedOutcome.Parse(i.Row.Expect).Any(c => c.Transport == "stream")).ToList();
        var framed = all.Where(i => FramesExactly(i.Sent)).ToList();
        var skipped = all.Except(streamRows).Except(framed).ToList();
        output.WriteLine($"not sent over TCP (not one exact TCP frame; RFC 3261 §18.3 needs Content-Length to frame a stream): {string.Join(", ", skipped)}");
        streamRows.Select(r => r.File).Should().BeEquivalentTo(["rfc4475/clerr.dat", "rfc4475/ncl.dat", "rfc4475/mcl01.dat"]);
        framed.Should().HaveCountGreaterThan(50);

        await using var upstream = new UdpRecorder(new IPEndPoint(IPAddress.Loopback, UpstreamPort), answerRequests: true);
        using var host = await StartHostAsync();
        var watch = Stopwatch.StartNew();
        var observed = new Dictionary<CorpusInput, RowObservation>();
        var inputs = framed.Concat(streamRows).ToList();
        var byCallId = inputs.Where(i => i.CallId is not null).GroupBy(i => i.CallId!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var ports = new Dictionary<CorpusInput, int>();
        try
        {
            for (var i = 0; i < inputs.Count; i++)
            {
                var input = inputs[i];
                var row = observed[input] = new RowObservation();
                var barrier = $"barrier-t{i}";
                using var connection = await TcpCaller.ConnectAsync(TrunkAddress, Proxy);
                ports[input] = connection.LocalPort;
                await connection.SendAsync(input.Sent);
                if (streamRows.Contains(input))
                {
                    // Framing is lost (or the body never comes): the connection must be closed.
                    var closed = await Task.WhenAny(connection.Closed, Task.Delay(Bound)) == connection.Closed;
                    row.ConnectionClosed = closed;
                    while (connection.Messages.TryRead(out var m))
                    {
                        row.Caller(m);
                    }

                    using var next = await TcpCaller.ConnectAsync(TrunkAddress, Proxy);
                    await next.SendAsync(Barrier(barrier, "TCP", next.LocalPort));
                    await DrainAsync(upstream.Arrivals, barrier, m => Owner(m, byCallId, observed, row).Upstream(m), expectResponse: false);
                    await DrainAsync(next.Messages, barrier, m => Owner(m, byCallId, observed, row).Caller(m), expectResponse: true);
                    continue;
                }

                await connection.SendAsync(Barrier(barrier, "TCP", connection.LocalPort));
                await DrainAsync(upstream.Arrivals, barrier, m => Owner(m, byCallId, observed, row).Upstream(m), expectResponse: false);
                await DrainAsync(connection.Messages, barrier, m => Owner(m, byCallId, observed, row).Caller(m), expectResponse: true);
            }
        }
        finally
        {
            await host.StopAsync();
        }

        output.WriteLine($"TCP replay of {inputs.Count} rows: {watch.Elapsed.TotalSeconds:0.0} s");
        new CorpusJudge(output, Port).Judge(observed, "tcp", 0, ports).Should().BeEmpty();
    }

    /// <summary>Which row an arrival belongs to: the row with its Call-ID, else the row in flight (a refusal of a message without one).</summary>
    private static RowObservation Owner(byte[] message, Dictionary<string, CorpusInput> byCallId, Dictionary<CorpusInput, RowObservation> observed, RowObservation current) =>
        CorpusInput.CallIdOf(message, message.Length) is { } callId && byCallId.TryGetValue(callId, out var input) && observed.TryGetValue(input, out var row) ? row : current;

    /// <summary>Reads arrivals until the barrier's (its request at the upstream, its 200 at the caller); the rest go to <paramref name="other"/>.</summary>
    private static async Task DrainAsync(ChannelReader<byte[]> arrivals, string barrier, Action<byte[]> other, bool expectResponse)
    {
        using var deadline = new CancellationTokenSource(Bound);
        while (true)
        {
            var message = await arrivals.ReadAsync(deadline.Token);
            var callId = CorpusInput.CallIdOf(message, message.Length);
            if (callId is not null && callId.StartsWith("barrier-", StringComparison.Ordinal))
            {
                var isResponse = message.AsSpan().StartsWith("SIP/2.0 "u8);
                if (callId == barrier && isResponse == expectResponse && (!isResponse || message.AsSpan().StartsWith("SIP/2.0 200"u8)))
                {
                    return;
                }

                continue; // an earlier barrier, or its 100/retransmission
            }

            other(message);
        }
    }

    /// <summary>An OPTIONS to a number behind the upstream: a trunk's initial non-INVITE, forwarded unscreened.</summary>
    private static byte[] Barrier(string callId, string transport, int port) => Encoding.ASCII.GetBytes(
        $"OPTIONS sip:+861012345678@127.0.0.1:{UpstreamPort} SIP/2.0\r\nVia: SIP/2.0/{transport} 127.0.0.2:{port};branch=z9hG4bK-{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:+861066022236@127.0.0.2>;tag=barrier\r\nTo: <sip:+861012345678@127.0.0.1>\r\nCall-ID: {callId}\r\n" +
        "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");

    private static bool FramesExactly(byte[] bytes) =>
        SipFraming.TryFindMessageLength(bytes, SipParserLimits.Default, out var length, out var error) && !error.IsError && length == bytes.Length;

    private async Task<ResilienceProcess> StartHostAsync()
    {
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{Port}}", "tcp://127.0.0.1:{{Port}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:{{UpstreamPort}}" ] }
            trunks:
              # The corpus callers are names and foreign numbers (sip:caller@example.com,
              # +13035551111), which no private line's allowed_callers would admit and which a
              # private line or international trunk would refuse as empty (433) or off-plan (403).
              # A `trusted` trunk in enforce mode still screens (unreadable identities, blacklists),
              # but skips the caller-number rules, and forwards identity headers as received
              # (docs/identity.md), so a valid row reaches the upstream with its bytes untouched.
              corpus:
                kind: trusted
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                mode: enforce
            admin: off
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            # clerr promises 9999 body bytes that never come: close its connection after 1 s, not 5.
            limits: { tcp_message_timeout: 1s }
            """);
        var host = ResilienceProcess.Sipguard(config);
        await host.WaitForLineAsync("Application started");
        return host;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
