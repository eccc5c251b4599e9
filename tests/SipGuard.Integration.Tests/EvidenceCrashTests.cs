using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The real process killed with SIGKILL in the middle of a burst of rejected calls: the log still
/// verifies (with the signing key) up to its last complete record, a restart continues the chain
/// without cutting anything, and no record exists for a call that was not answered.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class EvidenceCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Port = 15264;
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-crash-").FullName;

    [Fact]
    public async Task Sigkill_mid_burst_leaves_a_log_that_verifies_and_a_restart_continues_it()
    {
        var evidence = Path.Combine(_dir, "evidence");
        var priv = Path.Combine(_dir, "evidence.key");
        var pub = Path.Combine(_dir, "evidence.pem");
        (await SipGuardProcess.Cli("evidence", "keygen", "--private", priv, "--public", pub)).Exit.Should().Be(0);
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{Port}}" ]
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:15281" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            admin: off
            evidence: { dir: {{evidence}}, signing_key: {{priv}}, checkpoint_every: 100, on_overflow: reject }
            """);

        long answered;
        using (var host = await SipGuardProcess.StartAsync(config))
        using (var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0)))
        {
            // Keep sending until the kill: the process dies with calls in flight and records in its queue.
            // At most 64 INVITEs are unanswered at a time, so a slow machine sees the same burst as a
            // fast one instead of overflowing the socket buffers (a slot lost with a datagram comes back
            // after 200 ms).
            using var stop = new CancellationTokenSource();
            using var window = new SemaphoreSlim(64);
            var sender = Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    await window.WaitAsync(TimeSpan.FromMilliseconds(200));
                    await peer.SendAsync(Invite("crash-" + i), new IPEndPoint(IPAddress.Loopback, Port));
                }
            });
            var count = 0L;
            var receiver = Task.Run(async () =>
            {
                try
                {
                    while (true)
                    {
                        var reply = await peer.ReceiveAsync(stop.Token);
                        if (Encoding.ASCII.GetString(reply.Buffer).StartsWith("SIP/2.0 403 ", StringComparison.Ordinal))
                        {
                            Interlocked.Increment(ref count);
                            window.Release();
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }
            });

            // The writer trails the answers: kill once 2000 calls were answered and part of them is on
            // disk, while the burst goes on and the rest is still queued.
            var clock = Stopwatch.StartNew();
            while (Interlocked.Read(ref count) < 2000 || CallLines(evidence) < 200)
            {
                clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(120), "the burst is answered and the writer puts records on disk");
                await Task.Delay(20);
            }

            host.Kill();
            answered = Interlocked.Read(ref count);
            await stop.CancelAsync();
            await Task.WhenAll(sender, receiver);
        }

        var first = await SipGuardProcess.Cli("evidence", "verify", evidence, "--public-key", pub);
        output.WriteLine(first.Output + first.Error);
        first.Exit.Should().Be(0, "a crash is not tampering");
        first.Output.Should().Contain("checkpoint(s) verified").And.Contain("intact");
        var lines = Directory.EnumerateFiles(evidence, "*.jsonl").SelectMany(File.ReadLines).Count(l => l.Contains("\"type\":\"call\"", StringComparison.Ordinal));
        lines.Should().BeGreaterThan(0);
        output.WriteLine($"{answered} calls answered 403 before the kill; {lines} call record(s) on disk");

        // Restart: the chain continues (a torn line, if the kill left one, stays and is reported), then a clean stop signs it.
        using (var host = await SipGuardProcess.StartAsync(config))
        using (var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0)))
        {
            await peer.SendAsync(Invite("after-restart"), new IPEndPoint(IPAddress.Loopback, Port));
            using var receive = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            (await peer.ReceiveAsync(receive.Token)).Buffer.Should().NotBeEmpty();
            await host.TerminateAsync();
        }

        var second = await SipGuardProcess.Cli("evidence", "verify", evidence, "--public-key", pub);
        output.WriteLine(second.Output + second.Error);
        second.Exit.Should().Be(0);
        second.Output.Should().NotContain("unsigned", "the clean stop signed everything");
        Directory.EnumerateFiles(evidence, "*.jsonl").SelectMany(File.ReadLines).Should().Contain(l => l.Contains("after-restart", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int CallLines(string evidence)
    {
        if (!Directory.Exists(evidence))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(evidence, "*.jsonl"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                count += line.Contains("\"type\":\"call\"", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        return count;
    }

    private static byte[] Invite(string id) => Encoding.ASCII.GetBytes(
        $"INVITE sip:4008001234@127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-{id}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:+8613912345678@127.0.0.2>;tag=f-{id}\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
        $"Call-ID: {id}\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
}
