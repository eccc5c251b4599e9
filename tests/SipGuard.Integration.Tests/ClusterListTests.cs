using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests;

/// <summary>
/// Two <c>sipguard run</c> nodes on different loopback addresses sharing runtime lists through a real
/// <c>redis-server</c>: an entry added on A blocks a call through B, a delete on B lets the caller through A again,
/// and with Redis stopped the nodes keep blocking with their last known entries, refuse changes with 503, say so
/// on /readyz and the metrics, and converge when Redis is back (an empty Redis is written back, nothing lost).
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class ClusterListTests(ITestOutputHelper output) : IDisposable
{
    private const int RedisPort = 15430;
    private const int SipPort = 15431;
    private const int AdminPort = 15432;
    private const int UpstreamPort = 15433;
    private const string NodeA = "127.0.0.21";
    private const string NodeB = "127.0.0.22";
    private const string Token = "ops-0123456789abcdef";
    private const string Caller = "+861066022236";

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-cluster-").FullName;
    private readonly HttpClient _http = new();
    private int _calls;

    [Fact]
    public async Task AnEntryAddedOnABlocksThroughB_ADeleteOnBPropagates_RedisDownKeepsTheLists_AndTheNodesConverge()
    {
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        var redis = await StartRedisAsync();
        using var a = ResilienceProcess.Sipguard(await WriteConfigAsync("a", NodeA));
        using var b = ResilienceProcess.Sipguard(await WriteConfigAsync("b", NodeB));
        await a.WaitForLineAsync("Application started");
        await b.WaitForLineAsync("Application started");

        (await CallAsync(peer, upstream, NodeB)).Should().Be("forwarded", "before any change the caller is allowed");
        (await ReadyAsync(NodeA)).Should().Contain("cluster: redis 127.0.0.1:15430 up");
        var versionA = Version(await ReadyAsync(NodeA));
        versionA.Should().Be(Version(await ReadyAsync(NodeB)), "both nodes serve the same policy and lists");

        var added = await ChangeAsync(HttpMethod.Post, NodeA, "/api/lists/police/entries", JsonContent.Create(new { entries = new[] { Caller } }));
        added.StatusCode.Should().Be(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
        var propagation = await UntilAsync(() => PresentAsync(NodeB, expected: true));
        output.WriteLine($"add on A seen by B after {propagation.TotalMilliseconds:F0} ms");
        (await UntilCallAsync(peer, upstream, NodeB, "SIP/2.0 608 ")).Should().StartWith("SIP/2.0 608 ", "the entry added on A blocks through B");
        Version(await ReadyAsync(NodeB)).Should().NotBe(versionA, "the runtime entry is part of the version").And.Be(Version(await ReadyAsync(NodeA)));

        (await ChangeAsync(HttpMethod.Delete, NodeB, $"/api/lists/police/entries/{Caller}", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        propagation = await UntilAsync(() => PresentAsync(NodeA, expected: false));
        output.WriteLine($"delete on B seen by A after {propagation.TotalMilliseconds:F0} ms");
        (await UntilCallAsync(peer, upstream, NodeA, "forwarded")).Should().Be("forwarded", "the delete on B lets the caller through A");

        (await ChangeAsync(HttpMethod.Post, NodeB, "/api/lists/police/entries", JsonContent.Create(new { entries = new[] { Caller } }))).StatusCode.Should().Be(HttpStatusCode.OK);
        await UntilAsync(() => PresentAsync(NodeA, expected: true));

        await redis.StopAsync();
        await UntilAsync(async () => (await ReadyAsync(NodeA)).Contains("unreachable", StringComparison.Ordinal));
        (await MetricsAsync(NodeA)).Should().MatchRegex(@"sipguard_cluster_redis_up\{[^}]*\} 0\n");
        (await CallAsync(peer, upstream, NodeA)).Should().StartWith("SIP/2.0 608 ", "the last known entries keep blocking");
        (await ChangeAsync(HttpMethod.Post, NodeA, "/api/lists/police/entries", JsonContent.Create(new { entries = new[] { "+8613900000009" } })))
            .StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a change Redis did not take would exist on one node only");

        using var back = await StartRedisAsync();
        await UntilAsync(async () => (await ReadyAsync(NodeA)).Contains(" up, ", StringComparison.Ordinal) && (await ReadyAsync(NodeB)).Contains(" up, ", StringComparison.Ordinal));
        (await PresentAsync(NodeA, expected: true)).Should().BeTrue("Redis came back empty and the nodes wrote their entries back");
        (await PresentAsync(NodeB, expected: true)).Should().BeTrue();
        (await MetricsAsync(NodeB)).Should().MatchRegex(@"sipguard_cluster_redis_up\{[^}]*\} 1\n").And.MatchRegex(@"sipguard_config_info\{[^}]*version=""[0-9a-f]{12}""\} 1\n");
        (await ChangeAsync(HttpMethod.Delete, NodeA, $"/api/lists/police/entries/{Caller}", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await UntilAsync(() => PresentAsync(NodeB, expected: false));
        (await UntilCallAsync(peer, upstream, NodeB, "forwarded")).Should().Be("forwarded", "after Redis returned the nodes converge on the change");
        Version(await ReadyAsync(NodeA)).Should().Be(versionA).And.Be(Version(await ReadyAsync(NodeB)));

        await a.TerminateAsync();
        await b.TerminateAsync();
        redis.Dispose();
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<ResilienceProcess> StartRedisAsync()
    {
        var redis = ResilienceProcess.Start("redis-server", ["--port", RedisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await redis.WaitForLineAsync("Ready to accept connections");
        return redis;
    }

    /// <summary>
    /// Until a call through <paramref name="node"/> gets <paramref name="expected"/> (bounded at 10 s): the list API answers
    /// from the entries Redis gave the node, the calls from the policy the reload that followed compiled, a few
    /// milliseconds later.
    /// </summary>
    private async Task<string> UntilCallAsync(UdpClient peer, UdpClient upstream, string node, string expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var result = await CallAsync(peer, upstream, node);
            if (result.StartsWith(expected, StringComparison.Ordinal) || clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                return result;
            }
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds (bounded at 10 s); returns how long it took.</summary>
    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new Xunit.Sdk.XunitException("the condition did not hold within 10 s");
            }

            await Task.Delay(10);
        }

        return clock.Elapsed;
    }

    private async Task<bool> PresentAsync(string node, bool expected)
    {
        var json = await _http.GetFromJsonAsync<JsonElement>(new Uri($"http://{node}:{AdminPort}/api/lists/police/entries/{Caller}"));
        return json.GetProperty("present").GetBoolean() == expected;
    }

    private async Task<string> ReadyAsync(string node) => await _http.GetStringAsync(new Uri($"http://{node}:{AdminPort}/readyz"));

    private async Task<string> MetricsAsync(string node) => await _http.GetStringAsync(new Uri($"http://{node}:{AdminPort}/metrics"));

    private static string Version(string ready) =>
        ready.Split('\n').Single(l => l.StartsWith("config version: ", StringComparison.Ordinal))["config version: ".Length..];

    private async Task<HttpResponseMessage> ChangeAsync(HttpMethod method, string node, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, new Uri($"http://{node}:{AdminPort}{path}")) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return await _http.SendAsync(request);
    }

    /// <summary>Sends an INVITE through a node: "forwarded" when it reaches the upstream, else the final response.</summary>
    private async Task<string> CallAsync(UdpClient peer, UdpClient upstream, string node)
    {
        var callId = $"cluster-{++_calls}";
        await peer.SendAsync(Encoding.ASCII.GetBytes(Invite(callId, node)), new IPEndPoint(IPAddress.Parse(node), SipPort));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var atUpstream = ForwardedAsync(upstream, callId, timeout.Token);
        var atPeer = SipWire.FinalResponseAsync(peer, callId, timeout.Token);
        var first = await Task.WhenAny(atUpstream, atPeer);
        var result = await first;
        await timeout.CancelAsync();
        return result;
    }

    private static async Task<string> ForwardedAsync(UdpClient upstream, string callId, CancellationToken cancel)
    {
        while (true)
        {
            // Earlier calls' INVITEs are retransmitted (the upstream never answers): only this call counts.
            var text = Encoding.ASCII.GetString((await upstream.ReceiveAsync(cancel)).Buffer);
            if (text.StartsWith("INVITE ", StringComparison.Ordinal) && text.Contains($"\r\nCall-ID: {callId}\r\n", StringComparison.Ordinal))
            {
                return "forwarded";
            }
        }
    }

    private static string Invite(string callId, string node) =>
        $"INVITE sip:4008001234@{node}:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{Caller}@127.0.0.2>;tag=a1\r\nTo: <sip:4008001234@{node}>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:{Caller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";

    private async Task<string> WriteConfigAsync(string name, string address)
    {
        var dir = Path.Combine(_dir, name);
        Directory.CreateDirectory(dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "police.txt"), "+8613900000001\n");
        await File.WriteAllTextAsync(Path.Combine(dir, "admin.tokens"), $"ops {Token}\n");
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
            lists:
              police: { file: police.txt, action: reject }
            admin: { address: "http://{{address}}:{{AdminPort}}", token_file: admin.tokens }
            evidence: { dir: {{Path.Combine(dir, "evidence")}} }
            proxy: { drain_timeout: 1s }
            cluster: { redis: "127.0.0.1:{{RedisPort}}", node: {{name}}, key_prefix: "test:" }
            """);
        return path;
    }
}
