using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests;

/// <summary>
/// Redis stopped while SIPp calls flow through a clustered node: no call fails (the call path never waits for
/// Redis), and once Redis is back the node reports it up again.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed partial class ClusterRedisLossTests(ITestOutputHelper output) : IDisposable
{
    private const int RedisPort = 15450;
    private const int SipPort = 15451;
    private const int AdminPort = 15452;
    private const int CalleePort = 15453;
    private const int CallerPort = 15454;
    private const string Node = "127.0.0.41";

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-redisloss-").FullName;
    private readonly List<ResilienceProcess> _processes = [];
    private readonly HttpClient _http = new();

    [Fact]
    public async Task RedisStoppedMidLoad_NoCallFails_AndTheNodeIsUpAgainWhenItReturns()
    {
        var redis = await StartRedisAsync();
        var node = Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "sipguard.dll"), "run", "--config", await WriteConfigAsync()]);
        await node.WaitForLineAsync("Application started");
        Start("sipp", ["-sf", Scenario("callee-answer.xml"), "-aa", "-i", "127.0.0.1", "-p", Port(CalleePort), "-nostdin"]);

        const int Calls = 60;
        var calls = Start("sipp", [
            "-sf", Scenario("caller-invite.xml"), $"{Node}:{SipPort}", "-i", "127.0.0.2", "-p", Port(CallerPort), "-s", "4008001234",
            "-key", "case", "redis-loss", "-key", "from", "<sip:+861066022236@127.0.0.2>",
            "-key", "hdr1", "X-Case: load", "-key", "hdr2", "X-Case: load", "-key", "maxfwd", "70", "-key", "expect", "200",
            "-r", "20", "-m", Port(Calls), "-d", "200", "-recv_timeout", "15000", "-nostdin"]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (await InvitesAsync() < 10)
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "calls flow before Redis stops:\n" + calls.Log);
            await Task.Delay(50);
        }

        await redis.StopAsync();
        var atStop = await InvitesAsync();
        await node.WaitForLineAsync("unreachable");
        (await calls.WaitForExitAsync()).Should().Be(0, "no call fails while Redis is down:\n" + calls.Log);
        output.WriteLine($"Redis stopped after {atStop} of {Calls} INVITEs; all {Calls} calls completed");
        (await _http.GetStringAsync(new Uri($"http://{Node}:{AdminPort}/readyz"))).Should().Contain("unreachable since");

        using var back = await StartRedisAsync();
        clock.Restart();
        while (!(await _http.GetStringAsync(new Uri($"http://{Node}:{AdminPort}/readyz"))).Contains(" up, ", StringComparison.Ordinal))
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "the node reconnects when Redis is back");
            await Task.Delay(50);
        }

        await node.TerminateAsync();
        redis.Dispose();
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<ResilienceProcess> StartRedisAsync()
    {
        var redis = ResilienceProcess.Start("redis-server", ["--port", Port(RedisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await redis.WaitForLineAsync("Ready to accept connections");
        return redis;
    }

    private async Task<int> InvitesAsync()
    {
        var match = InviteCount().Match(await _http.GetStringAsync(new Uri($"http://{Node}:{AdminPort}/metrics")));
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    private ResilienceProcess Start(string file, string[] arguments)
    {
        var process = ResilienceProcess.Start(file, arguments);
        _processes.Add(process);
        return process;
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static string Scenario(string name) => Path.Combine(FindRepoRoot(), "sipp-scenarios", "scenarios", name);

    private async Task<string> WriteConfigAsync()
    {
        var path = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(Path.Combine(_dir, "police.txt"), "+8613900000001\n");
        await File.WriteAllTextAsync(path, $$"""
            listen: [ "udp://{{Node}}:{{SipPort}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:{{CalleePort}}" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            lists:
              police: { file: police.txt, action: reject }
            admin: "http://{{Node}}:{{AdminPort}}"
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            proxy: { drain_timeout: 1s }
            cluster: { redis: "127.0.0.1:{{RedisPort}}", node: solo, key_prefix: "loss:" }
            """);
        return path;
    }

    [GeneratedRegex(@"sipguard_requests_total\{[^}]*method=""INVITE""[^}]*\} (\d+)")]
    private static partial Regex InviteCount();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SipGuard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds SipGuard.sln");
    }
}
