using System.Globalization;
using System.Text.Json;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The shipped deploy/kamailio/redirect-sbc.cfg on a real Kamailio, in front of a real SipGuard process in
/// <c>role: redirect</c>: Kamailio asks SipGuard for every INVITE, follows the 302 to the SIPp call center
/// (INVITE, ACK and BYE through Kamailio, never through SipGuard), copies a grey-list label onto the call,
/// and relays a rejection with its Warning back to the caller. Each decision is in the evidence log.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class KamailioRedirectTests : IDisposable
{
    private const string Kamailio = "127.0.0.60";
    private const int KamailioPort = 15480;
    private const string Sipguard = "127.0.0.61";
    private const int SipPort = 15481;
    private const int AdminPort = 15482;
    private const int CalleePort = 15483;
    private const int CallerPort = 15484;

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-kamailio-redirect-").FullName;
    private readonly List<ResilienceProcess> _processes = [];
    private ResilienceProcess? _sipguard;

    [Fact]
    public async Task AnAllowedCallCompletesThroughKamailio_ASpoofedCallerGets403WithTheWarning()
    {
        await StartAsync("callee-answer.xml");

        var allowed = Caller("+861066022236", "200", "redirect-allowed");
        (await allowed.WaitForExitAsync()).Should().Be(0, "the call follows SipGuard's 302 to the call center:\n" + allowed.Log);
        var delivered = await File.ReadAllTextAsync(Path.Combine(_dir, "callee.msg"));
        delivered.Should().Contain($"Via: SIP/2.0/UDP {Kamailio}:{KamailioPort}", "Kamailio sends the call on itself");
        delivered.Should().NotContain($"{Sipguard}:{SipPort}", "a redirect server is in neither the request's path nor the dialog's");

        var spoofed = Caller("+861066039999", "403", "redirect-spoofed");
        (await spoofed.WaitForExitAsync()).Should().Be(0, "SipGuard's 403 and its Warning reach the caller through Kamailio:\n" + spoofed.Log);

        var decisions = await DecisionsAsync();
        decisions.Should().Contain(("+861066022236", "allow", 302), "the allowed call is recorded as answered 302");
        decisions.Should().Contain(("+861066039999", "reject", 403));
    }

    [Fact]
    public async Task AGreyListedCallCarriesItsLabelToTheCallCenter()
    {
        await StartAsync("callee-tagged.xml");

        var tagged = Caller("+861066024444", "200", "redirect-tagged");

        (await tagged.WaitForExitAsync()).Should().Be(0, "the callee checks X-SipGuard-Warning: suspected-fraud, copied by Kamailio from the 302:\n" + tagged.Log);
        (await DecisionsAsync()).Should().Contain(("+861066024444", "tag", 302));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            process.Dispose();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private async Task StartAsync(string callee)
    {
        var grey = Path.Combine(_dir, "grey.txt");
        await File.WriteAllTextAsync(grey, "+861066024444\n");
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            role: redirect
            listen: [ "udp://{{Sipguard}}:{{SipPort}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:{{CalleePort}}" ] }
            trunks:
              behind-kamailio:
                kind: private-line
                sources: [ "{{Kamailio}}/32" ]
                upstream: callcenter
                allowed_callers: [ "+86106602*" ]
            lists:
              grey: { file: grey.txt, action: tag, tag: suspected-fraud }
            admin: "http://{{Sipguard}}:{{AdminPort}}"
            evidence: { dir: {{Path.Combine(_dir, "evidence")}}, sample_allowed: 1 }
            proxy: { drain_timeout: 1s }
            """);
        _sipguard = Start(ResilienceProcess.Sipguard(config));
        await _sipguard.WaitForLineAsync("Application started");

        var kamailio = Start(ResilienceProcess.Start("kamailio", [
            "-f", Path.Combine(FindRepoRoot(), "deploy", "kamailio", "redirect-sbc.cfg"), "-DD", "-E", "-Y", _dir, "-m", "32", "-M", "8",
            "-A", $"LISTEN=udp:{Kamailio}:{KamailioPort}", "-A", $"SIPGUARD=\"sip:{Sipguard}:{SipPort}\""]));
        await kamailio.WaitForLineAsync("Listening on");

        // The callee may bind after the first INVITE is sent: Kamailio retransmits it over UDP. It echoes the
        // Record-Route set, so the caller's ACK and BYE come back through Kamailio.
        Start(ResilienceProcess.Sipp(
            "-sf", Scenario(callee), "-aa", "-i", "127.0.0.1", "-p", Port(CalleePort), "-trace_msg", "-message_file", Path.Combine(_dir, "callee.msg")));
    }

    /// <summary>(caller, decision, response) of every record in the evidence log, read after SipGuard has flushed it on SIGTERM.</summary>
    private async Task<List<(string Caller, string Decision, int Response)>> DecisionsAsync()
    {
        await _sipguard!.TerminateAsync();
        return Directory.EnumerateFiles(Path.Combine(_dir, "evidence"), "*.jsonl").SelectMany(File.ReadLines)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(r => r.TryGetProperty("decision", out _))
            .Select(r => (r.GetProperty("caller").GetString() ?? "", r.GetProperty("decision").GetString() ?? "", r.GetProperty("response").GetInt32()))
            .ToList();
    }

    private ResilienceProcess Start(ResilienceProcess process)
    {
        _processes.Add(process);
        return process;
    }

    private ResilienceProcess Caller(string number, string expect, string name) => Start(ResilienceProcess.Sipp(
        "-sf", Scenario("caller-invite.xml"), $"{Kamailio}:{KamailioPort}",
        "-i", "127.0.0.2", "-p", Port(CallerPort), "-s", "4008001234",
        "-key", "case", name, "-key", "from", $"<sip:{number}@127.0.0.2>",
        "-key", "hdr1", "X-Case: " + name, "-key", "hdr2", "X-Case: " + name, "-key", "maxfwd", "70", "-key", "expect", expect,
        "-m", "1", "-recv_timeout", "15000"));

    private static string Scenario(string name) => Path.Combine(FindRepoRoot(), "sipp-scenarios", "scenarios", name);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

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
