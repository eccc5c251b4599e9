using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// One Kestrel server owns the admin address: a second instance whose admin port is taken exits before it opens
/// a SIP listener, and <c>/readyz</c> and <c>sipguard_upstream_up</c> follow the upstream's probes and breaker.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class AdminServerTests : IDisposable
{
    private const int SipPort = 15390;
    private const int SecondSipPort = 15391;
    private const int AdminPort = 15392;
    private const int UpstreamPort = 15393;

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-adminserver-").FullName;

    [Fact]
    public async Task Run_WhenTheAdminPortIsTaken_ExitsNonZeroNamingTheAddressAndNeverBindsItsSipPort()
    {
        using var first = ResilienceProcess.Sipguard(await WriteConfigAsync("first.yaml", SipPort, probe: false));
        await first.WaitForLineAsync("Application started");

        using var second = ResilienceProcess.Sipguard(await WriteConfigAsync("second.yaml", SecondSipPort, probe: false));
        var exit = await second.WaitForExitAsync();

        exit.Should().NotBe(0, second.Log);
        second.Log.Should().Contain($"cannot serve the admin address http://127.0.0.1:{AdminPort}/")
            .And.Contain("no SIP listener was opened")
            .And.NotContain("Listening on", "the SIP listeners open only after the admin address is bound");
        using var probe = new UdpClient(new IPEndPoint(IPAddress.Loopback, SecondSipPort)); // free: the second instance never bound it
        first.Log.Should().Contain($"Listening on udp://127.0.0.1:{SipPort}");
    }

    [Fact]
    public async Task Readyz_FollowsTheProbes_DownWhileUnanswered_ReadyOnceTheUpstreamAnswers()
    {
        using var host = ResilienceProcess.Sipguard(await WriteConfigAsync("probed.yaml", SipPort, probe: true));
        await host.WaitForLineAsync("probes unanswered");
        using var http = new HttpClient();

        var down = await http.GetAsync(new Uri($"http://127.0.0.1:{AdminPort}/readyz"));
        down.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await down.Content.ReadAsStringAsync()).Should().StartWith("no upstream reachable\nconfig version: ");
        (await http.GetStringAsync(new Uri($"http://127.0.0.1:{AdminPort}/metrics"))).Should().MatchRegex("""sipguard_upstream_up\{[^}]*upstream="callcenter"[^}]*\} 0""");

        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var stop = new CancellationTokenSource();
        var answering = AnswerOptionsAsync(upstream, stop.Token);
        await host.WaitForLineAsync("is up again (probe answered)");

        var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{AdminPort}/readyz"));
        ready.StatusCode.Should().Be(HttpStatusCode.OK, host.Log);
        (await http.GetStringAsync(new Uri($"http://127.0.0.1:{AdminPort}/metrics"))).Should().MatchRegex("""sipguard_upstream_up\{[^}]*upstream="callcenter"[^}]*\} 1""");
        await stop.CancelAsync();
        await answering;
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Answers every OPTIONS probe with 200, echoing the headers a response must copy (RFC 3261 §8.2.6.2).</summary>
    private static async Task AnswerOptionsAsync(UdpClient upstream, CancellationToken cancel)
    {
        try
        {
            while (true)
            {
                var packet = await upstream.ReceiveAsync(cancel);
                var lines = Encoding.ASCII.GetString(packet.Buffer).Split("\r\n");
                var copied = lines.Where(l => l.StartsWith("Via:", StringComparison.Ordinal) || l.StartsWith("From:", StringComparison.Ordinal) ||
                    l.StartsWith("To:", StringComparison.Ordinal) || l.StartsWith("Call-ID:", StringComparison.Ordinal) || l.StartsWith("CSeq:", StringComparison.Ordinal));
                var response = "SIP/2.0 200 OK\r\n" + string.Join("\r\n", copied) + "\r\nContent-Length: 0\r\n\r\n";
                await upstream.SendAsync(Encoding.ASCII.GetBytes(response), packet.RemoteEndPoint, cancel);
            }
        }
        catch (OperationCanceledException)
        {
            // the test is over
        }
    }

    private async Task<string> WriteConfigAsync(string name, int sipPort, bool probe)
    {
        var path = Path.Combine(_dir, name);
        var probeLine = probe ? "probe: { interval: 200ms, timeout: 100ms, failures_before_down: 2 }" : "";
        await File.WriteAllTextAsync(path, $$"""
            listen: [ "udp://127.0.0.1:{{sipPort}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter:
                targets: [ "sip:127.0.0.1:{{UpstreamPort}}" ]
                {{probeLine}}
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            admin: "http://127.0.0.1:{{AdminPort}}"
            evidence: { dir: {{Path.Combine(_dir, "evidence-" + name)}} }
            proxy: { drain_timeout: 1s }
            """);
        return path;
    }
}
