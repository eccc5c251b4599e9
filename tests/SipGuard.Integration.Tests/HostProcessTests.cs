using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The real <c>sipguard run</c> process: it starts on a config, answers on its SIP port, and on
/// SIGTERM drains and exits 0, as systemd expects.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class HostProcessTests : IDisposable
{
    private const int Port = 15262;
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-host-").FullName;

    [Fact]
    public async Task Run_ServesAKeepAliveAndExitsZeroOnSigterm()
    {
        var config = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(config, $$"""
            listen: [ "udp://127.0.0.1:{{Port}}" ]
            numbering: { country: CN }
            upstreams:
              callcenter: { targets: [ "sip:127.0.0.1:15280" ] }
            trunks:
              line:
                kind: private-line
                sources: [ "127.0.0.2/32" ]
                upstream: callcenter
                allowed_callers: [ "+861066022236" ]
            admin: off
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            proxy: { drain_timeout: 5s }
            """);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sipguard.dll"));
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        using var host = new Process { StartInfo = start };
        var log = new StringBuilder();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (e.Data.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        };
        host.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (log) { log.AppendLine(e.Data); } } };
        host.Start();
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

            using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
            var options = Encoding.ASCII.GetBytes(
                $"OPTIONS sip:127.0.0.1:{Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-host1\r\n" +
                "From: <sip:probe@127.0.0.2>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: host-1\r\nCSeq: 1 OPTIONS\r\n" +
                "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n");
            await peer.SendAsync(options, new IPEndPoint(IPAddress.Loopback, Port));
            using var receive = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var reply = await peer.ReceiveAsync(receive.Token);
            Encoding.ASCII.GetString(reply.Buffer).Should().StartWith("SIP/2.0 200 OK\r\n");

            using (var kill = Process.Start("kill", ["-TERM", host.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.WaitForExitAsync(exit.Token);
            host.ExitCode.Should().Be(0, $"SIGTERM is a clean stop; the host said:\n{log}");
            log.ToString().Should().Contain("Draining");
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
