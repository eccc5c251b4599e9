using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace SipGuard.Integration.Tests;

/// <summary>
/// A call intercepted by the real process, exported with <c>evidence to-sipp</c>, replayed by real
/// SIPp against a running SipGuard: SIPp gets the recorded status, and the replayed INVITE carries the
/// recorded identity headers (the new record shows the same caller from P-Asserted-Identity).
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class EvidenceToSippTests(ITestOutputHelper output) : IDisposable
{
    private const int Port = 15266;
    private const int SippPort = 15267;
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-tosipp-").FullName;

    [Fact]
    public async Task An_intercepted_call_replayed_by_sipp_gets_the_recorded_status_again()
    {
        var evidence = Path.Combine(_dir, "evidence");
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{Port}}" ]
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:15282" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            admin: off
            evidence: { dir: {{evidence}} }
            """);

        using (var host = await SipGuardProcess.StartAsync(config))
        using (var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0)))
        {
            await peer.SendAsync(Encoding.ASCII.GetBytes(
                $"INVITE sip:4008001234@127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK-rec1\r\n" +
                "Max-Forwards: 70\r\nFrom: \"Bank\" <sip:+861066022236@127.0.0.2>;tag=f-rec1\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
                "P-Asserted-Identity: <tel:+8613912345678>\r\nCall-ID: recorded-1\r\nCSeq: 7 INVITE\r\n" +
                "Contact: <sip:caller@127.0.0.2:5070>\r\nContent-Length: 0\r\n\r\n"), new IPEndPoint(IPAddress.Loopback, Port));
            using var receive = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string reply;
            do
            {
                reply = Encoding.ASCII.GetString((await peer.ReceiveAsync(receive.Token)).Buffer);
            }
            while (reply.StartsWith("SIP/2.0 1", StringComparison.Ordinal));

            reply.Should().StartWith("SIP/2.0 403 ", "the asserted identity is not on the line's list");
            await host.TerminateAsync();
        }

        var recorded = Record(evidence, "recorded-1");
        var status = recorded.GetProperty("response").GetInt32();
        status.Should().Be(403);

        var replay = Path.Combine(_dir, "replay");
        var export = await SipGuardProcess.Cli("evidence", "to-sipp", "--evidence", evidence, "--call-id", "recorded-1", replay);
        output.WriteLine(export.Output + export.Error);
        export.Exit.Should().Be(0, export.Error);
        var scenario = Path.Combine(replay, "scenario.xml");
        var xml = await File.ReadAllTextAsync(scenario);
        xml.Should().Contain("P-Asserted-Identity: <tel:+8613912345678>").And.Contain("From: \"Bank\" <sip:+861066022236@127.0.0.2>;tag=f-rec1")
            .And.Contain("<recv response=\"403\" />");

        using (var host = await SipGuardProcess.StartAsync(config))
        {
            var run = await Sipp(scenario, Path.Combine(replay, "call.csv"));
            run.Exit.Should().Be(0, $"SIPp should get the recorded 403.\n{run.Log}");

            // The same scenario expecting another status fails: the exit code above is a real check.
            var wrong = Path.Combine(replay, "wrong.xml");
            await File.WriteAllTextAsync(wrong, xml.Replace("<recv response=\"403\" />", "<recv response=\"404\" />", StringComparison.Ordinal));
            (await Sipp(wrong, Path.Combine(replay, "call.csv"))).Exit.Should().NotBe(0, "a 403 where 404 is expected is a failed call");
            await host.TerminateAsync();
        }

        var replayed = CallRecords(evidence).Where(r => r.GetProperty("call_id").GetString() != "recorded-1").ToList();
        replayed.Should().HaveCount(2, "each SIPp run made one call");
        replayed.Should().AllSatisfy(r =>
        {
            r.GetProperty("response").GetInt32().Should().Be(403);
            r.GetProperty("caller").GetString().Should().Be(recorded.GetProperty("caller").GetString());
            r.GetProperty("trunk").GetString().Should().Be("line");
        });
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Record(string evidence, string callId) =>
        CallRecords(evidence).Single(r => r.GetProperty("call_id").GetString() == callId);

    private static List<JsonElement> CallRecords(string evidence) =>
        Directory.EnumerateFiles(evidence, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines)
            .Where(l => l.Contains("\"type\":\"call\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    private async Task<(int Exit, string Log)> Sipp(string scenario, string csv)
    {
        var start = new ProcessStartInfo("sipp") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-sf", scenario, "-inf", csv, "-i", "127.0.0.2", "-p", SippPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-m", "1", "-nostdin", "-timeout", "20s", "-timeout_error", $"127.0.0.1:{Port}" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var log = await stdout + await stderr;
        output.WriteLine($"sipp {Path.GetFileName(scenario)}: exit {process.ExitCode}");
        return (process.ExitCode, log);
    }
}
