using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The real <c>sipguard run</c> process serves <c>/metrics</c>, <c>/healthz</c> and <c>/readyz</c> on one
/// admin address, and the scrape names trunks, decisions and rules but never a phone number.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class AdminEndpointTests : IDisposable
{
    private const int SipPort = 15272;
    private const int AdminPort = 15273;
    private const string SpoofedCaller = "+8613912345678";
    private const string Called = "4008001234";
    private const string AllowedCaller = "+861066022236";

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-admin-").FullName;

    [Fact]
    public async Task Run_AfterARejectedInviteAndAnOptions_ScrapeHasCallsByTrunkDecisionReasonAndNoPhoneNumber()
    {
        using var host = await StartAsync();
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));

        await SendAsync(peer, Invite());
        (await SipWire.FinalResponseAsync(peer, "admin-1")).Should().StartWith("SIP/2.0 403 ");
        await SendAsync(peer, Options());
        (await SipWire.FinalResponseAsync(peer, "admin-2")).Should().StartWith("SIP/2.0 200 OK\r\n");

        using var http = new HttpClient();
        var scrape = await http.GetStringAsync(new Uri($"http://127.0.0.1:{AdminPort}/metrics"));

        scrape.Should().MatchRegex("""sipguard_calls(_total)?\{[^}]*trunk="line"[^}]*\}""")
            .And.MatchRegex("""sipguard_calls(_total)?\{[^}]*decision="reject"[^}]*\}""")
            .And.MatchRegex("""sipguard_calls(_total)?\{[^}]*reason="[a-z-]+"[^}]*\}""")
            .And.MatchRegex("""sipguard_requests(_total)?\{[^}]*method="OPTIONS"[^}]*\}""")
            .And.MatchRegex("""sipguard_responses(_total)?\{[^}]*code="403"[^}]*\}""")
            .And.Contain("sipguard_decision_duration")
            .And.Contain("sipguard_upstream_up")
            .And.Contain("sipguard_transactions_active")
            .And.Contain("sipguard_evidence_queue_depth")
            .And.Contain("dotnet_gc_pause_time", "the runtime's GC pauses are scraped with SipGuard's own metrics")
            .And.Contain("dotnet_process_memory_working_set");
        foreach (var number in new[] { "13912345678", "1066022236", Called })
        {
            scrape.Should().NotContain(number, "phone numbers are never metric tags");
        }
    }

    [Fact]
    public async Task Run_WhenListening_HealthzAndReadyzAnswer200()
    {
        using var host = await StartAsync();
        using var http = new HttpClient();

        var health = await http.GetAsync(new Uri($"http://127.0.0.1:{AdminPort}/healthz"));
        var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{AdminPort}/readyz"));

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK, await ready.Content.ReadAsStringAsync());
        (await ready.Content.ReadAsStringAsync()).Should().StartWith("ready\n").And.MatchRegex("config version: [0-9a-f]{12}\n");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<HostProcess> StartAsync()
    {
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{SipPort}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:15281" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "{{AllowedCaller}}" ]
            admin: "http://127.0.0.1:{{AdminPort}}"
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            proxy: { drain_timeout: 1s }
            """);
        return await HostProcess.StartAsync(config);
    }

    private static async Task SendAsync(UdpClient peer, string message) =>
        await peer.SendAsync(Encoding.ASCII.GetBytes(message), new IPEndPoint(IPAddress.Loopback, SipPort));

    private static string Invite() =>
        $"INVITE sip:{Called}@127.0.0.1:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-admin1\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{SpoofedCaller}@127.0.0.2>;tag=a1\r\nTo: <sip:{Called}@127.0.0.1>\r\n" +
        $"Call-ID: admin-1\r\nCSeq: 1 INVITE\r\nContact: <sip:{SpoofedCaller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";

    private static string Options() =>
        $"OPTIONS sip:127.0.0.1:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-admin2\r\n" +
        "From: <sip:probe@127.0.0.2>;tag=o1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: admin-2\r\nCSeq: 1 OPTIONS\r\n" +
        "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n";

    /// <summary>A <c>sipguard run</c> child process, started when it logs "Application started", killed on dispose.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _log = new();

        private HostProcess(Process process) => _process = process;

        public static async Task<HostProcess> StartAsync(string config)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sipguard.dll"));
            start.ArgumentList.Add("run");
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(config);
            var host = new HostProcess(new Process { StartInfo = start });
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            host._process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    return;
                }

                host.Append(e.Data);
                if (e.Data.Contains("Application started", StringComparison.Ordinal))
                {
                    started.TrySetResult();
                }
            };
            host._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { host.Append(e.Data); } };
            host._process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"sipguard exited early:\n{host.Log}"));
            host._process.EnableRaisingEvents = true;
            host._process.Start();
            host._process.BeginOutputReadLine();
            host._process.BeginErrorReadLine();
            try
            {
                await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch
            {
                host.Dispose();
                throw;
            }

            return host;
        }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }

            _process.Dispose();
        }

        private void Append(string line)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
