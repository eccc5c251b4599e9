using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests;

/// <summary>
/// A trunk limit of 50 calls/s holds across two <c>sipguard run</c> nodes sharing it through a real
/// <c>redis-server</c>: each node is offered ~45 calls/s, which either would take alone, and together
/// they forward what the limit allows plus at most the overshoot docs/cluster.md states.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class ClusterLimitTests(ITestOutputHelper output) : IDisposable
{
    private const int RedisPort = 15490;
    private const int SipPort = 15491;
    private const int UpstreamPort = 15493;
    private const int Limit = 50;
    private const string NodeA = "127.0.0.31";
    private const string NodeB = "127.0.0.32";
    private const string Caller = "+861066022236";
    private static readonly TimeSpan Offered = TimeSpan.FromSeconds(6);

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-limits-").FullName;

    [Fact]
    public async Task A_trunk_limit_of_50_calls_per_second_holds_across_two_nodes_within_the_stated_overshoot()
    {
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using var redis = ResilienceProcess.Start("redis-server", ["--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await redis.WaitForLineAsync("Ready to accept connections");
        using var a = ResilienceProcess.Sipguard(await WriteConfigAsync("a", NodeA));
        using var b = ResilienceProcess.Sipguard(await WriteConfigAsync("b", NodeB));
        await a.WaitForLineAsync("Application started");
        await b.WaitForLineAsync("Application started");

        var forwarded = new ConcurrentDictionary<string, byte>();
        var refused = new ConcurrentDictionary<string, byte>();
        using var stop = new CancellationTokenSource();
        var atUpstream = CollectAsync(upstream, "INVITE ", forwarded, stop.Token);
        var atPeer = CollectAsync(peer, "SIP/2.0 5", refused, stop.Token);

        // ~90 calls/s offered: one INVITE to each node per 22 ms of elapsed time. The count is caught up
        // from the clock at each tick, so a late tick on a busy machine does not lower the offered rate.
        var sent = 0;
        var clock = Stopwatch.StartNew();
        using (var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(22)))
        {
            while (clock.Elapsed < Offered && await pace.WaitForNextTickAsync())
            {
                var due = 2 * (int)(clock.Elapsed.TotalMilliseconds / 22);
                while (sent < due)
                {
                    var node = sent % 2 == 0 ? NodeA : NodeB;
                    var callId = $"limit-{sent++}";
                    await peer.SendAsync(Encoding.ASCII.GetBytes(Invite(callId, node)), new IPEndPoint(IPAddress.Parse(node), SipPort));
                }
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;

        // Every INVITE is either forwarded or refused; wait for the last answers (bounded).
        var settle = Stopwatch.StartNew();
        while (forwarded.Count + refused.Count < sent && settle.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await Task.WhenAll(atUpstream, atPeer);
        output.WriteLine($"{sent} INVITEs in {seconds:F2} s ({sent / seconds:F0}/s offered): {forwarded.Count} forwarded ({forwarded.Count / seconds:F1}/s), {refused.Count} refused");

        (forwarded.Count + refused.Count).Should().Be(sent, "every INVITE is forwarded or refused");
        var allowed = Limit * seconds;
        var overshoot = (2 - 1) * 2.1 * Limit; // docs/cluster.md: (nodes - 1) x 2.1 x limit after a change of load
        (allowed + overshoot).Should().BeLessThan(sent, "the bound must tell shared from unshared limits: alone, each node forwards everything it is sent");
        forwarded.Count.Should().BeLessThanOrEqualTo((int)(allowed + overshoot), "the nodes share the limit");
        forwarded.Count.Should().BeGreaterThanOrEqualTo((int)(0.8 * allowed), "sharing must not starve the trunk either");

        await a.TerminateAsync();
        await b.TerminateAsync();
    }

    [Fact]
    public async Task A_source_blocked_for_flooding_node_a_is_ignored_by_node_b_too()
    {
        using var redis = ResilienceProcess.Start("redis-server", ["--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await redis.WaitForLineAsync("Ready to accept connections");
        using var a = ResilienceProcess.Sipguard(await WriteConfigAsync("fa", NodeA, flood: true));
        using var b = ResilienceProcess.Sipguard(await WriteConfigAsync("fb", NodeB, flood: true));
        await a.WaitForLineAsync("Application started");
        await b.WaitForLineAsync("Application started");
        using var flooder = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.3"), 0));
        using var bystander = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));

        (await AnsweredAsync(flooder, NodeB, "before")).Should().BeTrue("node b answers the source before anything happened");
        for (var i = 0; i < 40; i++)
        {
            await flooder.SendAsync(Encoding.ASCII.GetBytes(Invite($"flood-{i}", NodeA)), new IPEndPoint(IPAddress.Parse(NodeA), SipPort));
        }

        // One probe each 100 ms stays under b's own threshold (20 a second): only a's block can silence b.
        var clock = Stopwatch.StartNew();
        var probe = 0;
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (await AnsweredAsync(flooder, NodeB, $"probe-{probe++}"))
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10), "the block on a reaches b");
            await pace.WaitForNextTickAsync();
        }

        output.WriteLine($"node b ignored the source {clock.ElapsedMilliseconds} ms after the flood on a ({probe} probes)");
        (await AnsweredAsync(bystander, NodeB, "bystander")).Should().BeTrue("another source is still served by b");
        await b.WaitForLineAsync("found flooding by node fa");

        await a.TerminateAsync();
        await b.TerminateAsync();
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>True when <paramref name="node"/> answers an INVITE from <paramref name="socket"/> within 100 ms (its 100 Trying or a final).</summary>
    private static async Task<bool> AnsweredAsync(UdpClient socket, string node, string callId)
    {
        await socket.SendAsync(Encoding.ASCII.GetBytes(Invite(callId, node)), new IPEndPoint(IPAddress.Parse(node), SipPort));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        try
        {
            while (true)
            {
                var text = Encoding.ASCII.GetString((await socket.ReceiveAsync(timeout.Token)).Buffer);
                if (text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) && text.Contains($"\r\nCall-ID: {callId}\r\n", StringComparison.Ordinal))
                {
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task CollectAsync(UdpClient socket, string startsWith, ConcurrentDictionary<string, byte> callIds, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                var text = Encoding.ASCII.GetString((await socket.ReceiveAsync(cancel)).Buffer);
                var at = text.IndexOf("\r\nCall-ID: ", StringComparison.Ordinal);
                if (text.StartsWith(startsWith, StringComparison.Ordinal) && at >= 0)
                {
                    var start = at + "\r\nCall-ID: ".Length;
                    callIds.TryAdd(text[start..text.IndexOf('\r', start)], 0);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Invite(string callId, string node) =>
        $"INVITE sip:4008001234@{node}:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{Caller}@127.0.0.2>;tag=a1\r\nTo: <sip:4008001234@{node}>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:{Caller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";

    private async Task<string> WriteConfigAsync(string name, string address, bool flood = false)
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "sipguard.yaml");
        await File.WriteAllTextAsync(path, $$"""
            listen: [ "udp://{{address}}:{{SipPort}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:{{UpstreamPort}}" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "{{Caller}}" ]
            limits:
              trunks:
                line: { calls_per_second: {{Limit}} }
              {{(flood ? "flood: { requests: 20, window: 1s, block_for: 30s }" : "")}}
            admin: off
            evidence: { dir: {{Path.Combine(dir, "evidence")}} }
            proxy: { drain_timeout: 1s }
            cluster: { redis: "127.0.0.1:{{RedisPort}}", node: {{name}}, key_prefix: "limits-test:" }
            """);
        return path;
    }
}
