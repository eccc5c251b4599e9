using System.Globalization;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The shipped deploy/kamailio example on a real Kamailio: its dispatcher spreads SIPp calls over two SipGuard
/// nodes on different loopback addresses, every call completes (INVITE, ACK and BYE through Kamailio and the node
/// that screened it), both nodes take calls, and a caller the trunk may not send is still refused behind it.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class KamailioDispatcherTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const string Kamailio = "127.0.0.30";
    private const int KamailioPort = 15440;
    private const int SipPort = 15441;
    private const int AdminPort = 15442;
    private const int CalleePort = 15443;
    private const int CallerPort = 15444;
    private static readonly string[] Nodes = ["127.0.0.31", "127.0.0.32"];

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-kamailio-").FullName;
    private readonly List<ResilienceProcess> _processes = [];

    [Fact]
    public async Task TheDispatcherSpreadsCallsOverTheNodes_AndEachNodeStillScreens()
    {
        foreach (var node in Nodes)
        {
            var process = ResilienceProcess.Sipguard(await WriteConfigAsync(node));
            _processes.Add(process);
            await process.WaitForLineAsync("Application started");
        }

        await StartKamailioAsync();

        var calls = Caller("+861066022236", "200", 6);
        (await calls.WaitForExitAsync()).Should().Be(0, "every call through Kamailio completes:\n" + calls.Log);
        var messages = await File.ReadAllTextAsync(Path.Combine(_dir, "callee.msg"));
        foreach (var node in Nodes)
        {
            messages.Should().Contain($"Via: SIP/2.0/UDP {node}:{SipPort}", $"node {node} takes calls from the dispatcher");
        }

        var refused = Caller("+861066029999", "403", 2);
        (await refused.WaitForExitAsync()).Should().Be(0, "a caller outside the trunk's numbers is refused behind Kamailio:\n" + refused.Log);
    }

    [Fact]
    public async Task ANodeKilledUnderLoad_FailsOnlyTheCallsItHadTaken_NewCallsGoToTheOther()
    {
        var nodes = new List<ResilienceProcess>();
        foreach (var node in Nodes)
        {
            var process = ResilienceProcess.Sipguard(await WriteConfigAsync(node));
            _processes.Add(process);
            nodes.Add(process);
            await process.WaitForLineAsync("Application started");
        }

        await StartKamailioAsync();
        const int Calls = 30;
        // Each call holds 2 s before the caller hangs up, so the killed node has calls in flight.
        var calls = Caller("+861066022236", "200", Calls, holdMilliseconds: 2000);
        using var http = new HttpClient();
        var taken = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (taken < 4)
        {
            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(15), "node a takes calls from the dispatcher:\n" + calls.Log);
            await Task.Delay(50);
            taken = await InvitesAtAsync(http, Nodes[0]);
        }

        await nodes[0].StopAsync();
        await calls.WaitForExitAsync();
        var (successful, failed) = Outcome(calls.Log);
        output.WriteLine($"node a killed after {taken} INVITEs: {successful} calls completed, {failed} failed");
        (successful + failed).Should().Be(Calls, calls.Log);
        failed.Should().BeLessThanOrEqualTo(taken, $"only calls node a had taken ({taken} INVITEs before the kill) may fail:\n{calls.Log}");
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private ResilienceProcess Start(string file, string[] arguments)
    {
        var process = ResilienceProcess.Start(file, arguments);
        _processes.Add(process);
        return process;
    }

    private async Task StartKamailioAsync()
    {
        var list = Path.Combine(_dir, "dispatcher.list");
        await File.WriteAllLinesAsync(list, Nodes.Select(n => $"1 sip:{n}:{SipPort} 0 0"));
        var kamailio = Start("kamailio", [
            "-f", Path.Combine(FindRepoRoot(), "deploy", "kamailio", "kamailio.cfg"), "-DD", "-E", "-Y", _dir, "-m", "32", "-M", "8",
            "-A", $"LISTEN=udp:{Kamailio}:{KamailioPort}", "-A", $"DISPATCHER_LIST=\"{list}\""]);
        await kamailio.WaitForLineAsync("Listening on");

        // The callee may bind after the first INVITE is sent: SipGuard retransmits it over UDP. It echoes the
        // Record-Route set, so the caller's ACK and BYE take the path back through Kamailio and the node.
        Start("sipp", ["-sf", Path.Combine(FindRepoRoot(), "sipp-scenarios", "scenarios", "callee-answer.xml"), "-aa", "-i", "127.0.0.1", "-p", Port(CalleePort), "-trace_msg", "-message_file", Path.Combine(_dir, "callee.msg"), "-nostdin"]);
    }

    private static async Task<int> InvitesAtAsync(HttpClient http, string node)
    {
        var metrics = await http.GetStringAsync(new Uri($"http://{node}:{AdminPort}/metrics"));
        var match = System.Text.RegularExpressions.Regex.Match(metrics, @"sipguard_requests_total\{[^}]*method=""INVITE""[^}]*\} (\d+)");
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    /// <summary>SIPp's cumulative successful and failed calls from its final screen.</summary>
    private static (int Successful, int Failed) Outcome(string log)
    {
        static int Last(string log, string label) => log.Split('\n').Where(l => l.Contains(label, StringComparison.Ordinal))
            .Select(l => int.Parse(l.Split('|', StringSplitOptions.TrimEntries)[^1], CultureInfo.InvariantCulture)).LastOrDefault();
        return (Last(log, "Successful call"), Last(log, "Failed call"));
    }

    private ResilienceProcess Caller(string number, string expect, int calls, int holdMilliseconds = 0) => Start("sipp", [
        "-sf", Path.Combine(FindRepoRoot(), "sipp-scenarios", "scenarios", "caller-invite.xml"), $"{Kamailio}:{KamailioPort}",
        "-i", "127.0.0.2", "-p", Port(CallerPort), "-s", "4008001234",
        "-key", "case", "dispatcher", "-key", "from", $"<sip:{number}@127.0.0.2>",
        "-key", "hdr1", "X-Case: dispatcher", "-key", "hdr2", "X-Case: dispatcher", "-key", "maxfwd", "70", "-key", "expect", expect,
        "-r", "10", "-m", calls.ToString(CultureInfo.InvariantCulture), "-d", holdMilliseconds.ToString(CultureInfo.InvariantCulture), "-recv_timeout", "15000", "-nostdin"]);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private async Task<string> WriteConfigAsync(string node)
    {
        var path = Path.Combine(_dir, $"sipguard-{node}.yaml");
        await File.WriteAllTextAsync(path, $$"""
            listen: [ "udp://{{node}}:{{SipPort}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:{{CalleePort}}" ] }
            trunks:
              behind-kamailio:
                kind: private-line
                sources: [ "{{Kamailio}}/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            admin: "http://{{node}}:{{AdminPort}}"
            evidence: { dir: {{Path.Combine(_dir, "evidence-" + node)}} }
            proxy: { drain_timeout: 1s }
            """);
        return path;
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
