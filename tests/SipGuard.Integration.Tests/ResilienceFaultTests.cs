using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests;

/// <summary>
/// Fault tests with real processes: the built <c>sipguard run</c>, SIPp callees (<c>scenarios/callee-answer.xml</c>, which copies Record-Route) as
/// upstream targets, SIPp callers (<c>scenarios/caller-invite.xml</c>, which follows the route set)
/// as trunks. Every wait is on something a process says (a log line, an exit); the durations the
/// test observes are written to its output for docs/resilience.md, never asserted.
/// Ports: proxy 15362, callees 15381/15382, callers 15371-15373.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class ResilienceFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int ProxyPort = 15362;
    private const string First = "127.0.0.1:15381";
    private const string Second = "127.0.0.1:15382";
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-resilience-").FullName;
    private readonly List<ResilienceProcess> _processes = [];

    [Fact]
    public async Task OneCalleeStoppedUnderLoad_CallsMoveToTheOther_NoneFailOnceTheBreakerIsOpen_AndTrafficReturnsAfterTheProbe()
    {
        var sipguard = await StartSipguardAsync(Config(First, Second));
        var first = Callee(15381, "first");
        Callee(15382, "second");
        await AnsweringProbesAsync("first", "second");

        var warmUp = Caller(15371, calls: 100, rate: 50);
        (await warmUp.WaitForExitAsync()).Should().Be(0, $"both callees up: every call completes\n{warmUp.Log}");
        InvitesAt("first").Should().BeGreaterThan(0, "the priority-0 target takes the calls while it is up");

        var during = Caller(15372, calls: 1_000, rate: 50);
        var clock = Stopwatch.StartNew();
        var beforeStop = sipguard.LogMark; // a callee not yet bound at start-up can have taken the target down and up already
        await first.StopAsync();
        var stopped = clock.Elapsed;
        await sipguard.WaitForLineAsync($"Upstream target {First} is down", since: beforeStop);
        var detected = clock.Elapsed;

        var afterOpen = Caller(15373, calls: 300, rate: 50);
        var restarted = clock.Elapsed;
        var beforeRestart = sipguard.LogMark;
        var firstAgain = Callee(15381, "first-again");
        await sipguard.WaitForLineAsync($"Upstream target {First} is up again", since: beforeRestart);
        var recovered = clock.Elapsed;

        (await afterOpen.WaitForExitAsync()).Should().Be(0, $"once the breaker is open no call fails\n{afterOpen.Log}\n{sipguard.Log}");
        var duringExit = await during.WaitForExitAsync();
        InvitesAt("first-again").Should().BeGreaterThan(0, "after the probe answers, traffic returns to the first target");
        InvitesAt("second").Should().BeGreaterThan(0, $"calls moved to the second target\ncaller through the stop (exit {duringExit}): {Summary(during.Log)}\n{sipguard.Log}");

        output.WriteLine($"stop→breaker open: {(detected - stopped).TotalMilliseconds:F0} ms");
        output.WriteLine($"restart→probe closes breaker: {(recovered - restarted).TotalMilliseconds:F0} ms");
        output.WriteLine($"caller running through the stop: exit {duringExit}; {Summary(during.Log)}");
        output.WriteLine($"caller after the breaker opened: {Summary(afterOpen.Log)}");
        output.WriteLine($"INVITEs: first {InvitesAt("first")}, second {InvitesAt("second")}, first-again {InvitesAt("first-again")}");
        GC.KeepAlive(firstAgain);
    }

    [Fact]
    public async Task EveryTargetDown_NewCallGets503WithRetryAfter_AndNothingGoesToTheDeadTargets()
    {
        using var deadFirst = new UdpClient(new IPEndPoint(IPAddress.Loopback, 15381));
        using var deadSecond = new UdpClient(new IPEndPoint(IPAddress.Loopback, 15382));
        var sipguard = await StartSipguardAsync(Config(First, Second));
        await sipguard.WaitForLineAsync($"Upstream target {First} is down");
        await sipguard.WaitForLineAsync($"Upstream target {Second} is down");
        Drain(deadFirst);
        Drain(deadSecond);

        using var caller = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 15371));
        var timings = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var clock = Stopwatch.StartNew();
            await caller.SendAsync(Encoding.ASCII.GetBytes(Invite($"all-down-{i}")), new IPEndPoint(IPAddress.Loopback, ProxyPort));
            using var receive = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var reply = Encoding.ASCII.GetString((await caller.ReceiveAsync(receive.Token)).Buffer);
            timings.Add(clock.Elapsed.TotalMilliseconds);

            reply.Should().StartWith("SIP/2.0 503 ");
            reply.Should().Contain($"Call-ID: all-down-{i}\r\n");
            reply.Should().Contain("\r\nRetry-After: ");
            reply.Should().Contain("upstream-down");
        }

        Received(deadFirst).Concat(Received(deadSecond)).Should().NotContain(m => m.StartsWith("INVITE ", StringComparison.Ordinal), "no call goes to a target whose breaker is open");
        timings.Sort();
        output.WriteLine($"every target down: 503 after min {timings[0]:F2} ms, median {timings[10]:F2} ms, max {timings[^1]:F2} ms over 20 calls");
    }

    [Fact]
    public async Task OneSourceFloods_ItIsBlocked_WhileAnotherTrunksCallsAllComplete()
    {
        var flood = """
            limits:
              flood: { requests: 300, window: 1s, block_for: 60s }
            """;
        var sipguard = await StartSipguardAsync(Config(First, Second, flood));
        Callee(15381, "first");
        await AnsweringProbesAsync("first");

        var flooder = Caller(15373, calls: 5_000, rate: 1_000, source: "127.0.0.5");
        await sipguard.WaitForLineAsync("Flood: source 127.0.0.5");
        var calm = Caller(15371, calls: 200, rate: 40);

        (await calm.WaitForExitAsync()).Should().Be(0, $"the other trunk is unaffected\n{calm.Log}");
        await flooder.StopAsync();
        output.WriteLine($"calm trunk: {Summary(calm.Log)}");

        await sipguard.TerminateAsync();
        var evidence = Directory.EnumerateFiles(Path.Combine(_dir, "evidence"), "*.jsonl").SelectMany(File.ReadLines).ToList();
        evidence.Should().ContainSingle(l => l.Contains("\"rule\":\"flood\"", StringComparison.Ordinal), "the block is evidence, once per block")
            .Which.Should().Contain("127.0.0.5");
    }

    [Fact]
    public async Task ConfigReloadDuringLoad_NoCallFails()
    {
        var config = await WriteConfigAsync(Config(First, Second));
        var sipguard = ResilienceProcess.Sipguard(config);
        _processes.Add(sipguard);
        await sipguard.WaitForLineAsync("Application started");
        Callee(15381, "first");
        Callee(15382, "second");
        await AnsweringProbesAsync("first", "second");

        var load = Caller(15371, calls: 600, rate: 50);
        await File.WriteAllTextAsync(config, Config(First, Second).Replace("try_timeout: 500ms", "try_timeout: 700ms", StringComparison.Ordinal));
        await sipguard.WaitForLineAsync("Config reloaded");

        (await load.WaitForExitAsync()).Should().Be(0, $"a reload during load fails no call\n{load.Log}\n{sipguard.Log}");
        output.WriteLine($"reload during load: {Summary(load.Log)}");
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private string Config(string first, string second, string extra = "") => $$"""
        listen: [ "udp://127.0.0.1:{{ProxyPort}}" ]
        numbering: { country: CN }
        upstreams:
          callcenter:
            targets:
              - { uri: "sip:{{first}}", priority: 0 }
              - { uri: "sip:{{second}}", priority: 1 }
            try_timeout: 500ms
            breaker: { failures_before_open: 2, open_for: 60s }
            probe: { interval: 500ms, timeout: 300ms, failures_before_down: 2 }
        trunks:
          load:
            kind: trusted
            sources: [ "127.0.0.2/32" ]
            upstream: callcenter
            mode: off
            special: true
          flood:
            kind: trusted
            sources: [ "127.0.0.5/32" ]
            upstream: callcenter
            mode: off
            special: true
        proxy: { ring_timeout: 5s, drain_timeout: 1s }
        admin: off
        evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
        {{extra}}
        """;

    private async Task<string> WriteConfigAsync(string text)
    {
        var path = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private async Task<ResilienceProcess> StartSipguardAsync(string config)
    {
        var process = ResilienceProcess.Sipguard(await WriteConfigAsync(config));
        _processes.Add(process);
        await process.WaitForLineAsync("Application started");
        return process;
    }

    private ResilienceProcess Callee(int port, string name)
    {
        // The repository's callee copies Record-Route into its 200 (RFC 3261 §12.1.1), as a real
        // upstream does; SIPp's built-in uas does not, and SipGuard routes no in-dialog request
        // without the dialog token of its Record-Route.
        var scenario = Path.Combine(FindRepoRoot(), "sipp-scenarios", "scenarios", "callee-answer.xml");
        var process = ResilienceProcess.Sipp(
            "-sf", scenario, "-aa", "-i", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-trace_msg", "-message_file", Path.Combine(_dir, $"{name}.msg"));
        _processes.Add(process);
        return process;
    }

    private ResilienceProcess Caller(int port, int calls, int rate, string source = "127.0.0.2")
    {
        var scenario = Path.Combine(FindRepoRoot(), "sipp-scenarios", "scenarios", "caller-invite.xml");
        var process = ResilienceProcess.Sipp(
            "-sf", scenario, $"127.0.0.1:{ProxyPort}", "-i", source, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-s", "4008001234",
            "-key", "case", "load", "-key", "from", $"<sip:+861066022236@{source}>",
            "-key", "hdr1", "X-Case: load", "-key", "hdr2", "X-Case: load", "-key", "maxfwd", "70", "-key", "expect", "200",
            "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-m", calls.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-d", "0", "-recv_timeout", "15000");
        _processes.Add(process);
        return process;
    }

    /// <summary>
    /// Until each callee has answered one of SipGuard's probes. A callee starts after SipGuard does, so
    /// the first probes can find its port not yet bound and take the target down; calls made before an
    /// answer has closed the breaker again would get 503 for a reason the test is not about.
    /// </summary>
    private async Task AnsweringProbesAsync(params string[] callees)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var callee in callees)
        {
            var path = Path.Combine(_dir, $"{callee}.msg");
            while (!AnsweredProbe(path))
            {
                await Task.Delay(20, deadline.Token);
            }
        }
    }

    private static bool AnsweredProbe(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        var text = reader.ReadToEnd();
        var probe = text.IndexOf("OPTIONS sip:", StringComparison.Ordinal);
        return probe >= 0 && text.IndexOf("SIP/2.0 200 OK", probe, StringComparison.Ordinal) > probe;
    }

    private int InvitesAt(string callee)
    {
        var path = Path.Combine(_dir, $"{callee}.msg");
        return File.Exists(path) ? File.ReadLines(path).Count(l => l.StartsWith("INVITE sip:", StringComparison.Ordinal)) : 0;
    }

    private static string Summary(string sippLog) =>
        string.Join("; ", sippLog.Split('\n').Where(l => l.Contains("Successful call", StringComparison.Ordinal) || l.Contains("Failed call", StringComparison.Ordinal))
            .Select(l => string.Join(' ', l.Split([' ', '|'], StringSplitOptions.RemoveEmptyEntries))));

    private static string Invite(string callId) =>
        $"INVITE sip:4008001234@127.0.0.1:{ProxyPort} SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 127.0.0.2:15371;branch=z9hG4bK-{callId}\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:+861066022236@127.0.0.2>;tag=f-{callId}\r\n" +
        "To: <sip:4008001234@127.0.0.1>\r\n" +
        $"Call-ID: {callId}\r\n" +
        "CSeq: 1 INVITE\r\n" +
        "Contact: <sip:trunk@127.0.0.2:15371>\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static void Drain(UdpClient client) => _ = Received(client).ToList();

    /// <summary>Datagrams already queued at <paramref name="client"/> (loopback delivery is synchronous with the send).</summary>
    private static IEnumerable<string> Received(UdpClient client)
    {
        var remote = new IPEndPoint(IPAddress.Any, 0);
        while (client.Available > 0)
        {
            yield return Encoding.ASCII.GetString(client.Receive(ref remote));
        }
    }

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
