using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The Native AOT binary does what the JIT build does: <c>check</c>, a forwarded and a refused call, the
/// list API with its token, the console's JSON panels and explain, <c>/metrics</c>, and an evidence chain
/// that <c>evidence verify</c> accepts.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class NativeAotHostTests(NativeAotBuild build) : IClassFixture<NativeAotBuild>, IDisposable
{
    private const int SipPort = 15461;
    private const int AdminPort = 15462;
    private const int UpstreamPort = 15463;
    private const string Token = "ops-aot-0123456789ab";
    private const string Caller = "+861066022236";

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-aot-host-").FullName;
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{AdminPort}") };

    [Fact]
    public async Task NativeBinary_ChecksScreensServesTheAdminJsonAndKeepsAVerifiableEvidenceChain()
    {
        var config = await WriteConfigAsync();
        using (var check = ResilienceProcess.Start(build.Binary, ["check", "--config", config]))
        {
            (await check.WaitForExitAsync()).Should().Be(0, check.Log);
        }

        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using (var host = ResilienceProcess.Start(build.Binary, ["run", "--config", config], _dir))
        {
            await host.WaitForLineAsync("Application started");

            await SendAsync(peer, Invite("aot-1"));
            Encoding.ASCII.GetString((await SipWire.ReceiveAsync(upstream)).Buffer).Should().StartWith("INVITE ", "an allowed caller is forwarded");

            (await PostEntryAsync(null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            var added = await PostEntryAsync(Token);
            added.StatusCode.Should().Be(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
            (await JsonAsync(added)).GetProperty("added").GetInt32().Should().Be(1);

            await SendAsync(peer, Invite("aot-2"));
            (await SipWire.FinalResponseAsync(peer, "aot-2")).Should().StartWith("SIP/2.0 608 ", "the entry the API added blocks the caller");

            var presence = await JsonAsync(await _http.GetAsync(new Uri($"/api/lists/police/entries/{Caller}", UriKind.Relative)));
            presence.GetProperty("present").GetBoolean().Should().BeTrue();
            presence.GetProperty("source").GetString().Should().Be("api");

            var lists = await JsonAsync(await _http.GetAsync(new Uri("/api/console/lists", UriKind.Relative)));
            lists[0].GetProperty("id").GetString().Should().Be("police");
            lists[0].GetProperty("runtime")[0].GetString().Should().Be(Caller);

            var live = await JsonAsync(await _http.GetAsync(new Uri("/api/console/live", UriKind.Relative)));
            live.GetProperty("listenersUp").GetBoolean().Should().BeTrue();

            var explained = await _http.PostAsync(
                new Uri("/api/console/explain", UriKind.Relative),
                JsonContent.Create(new { source = "127.0.0.2", from = $"sip:{Caller}@127.0.0.2" }));
            explained.StatusCode.Should().Be(HttpStatusCode.OK, await explained.Content.ReadAsStringAsync());
            var explanation = await JsonAsync(explained);
            explanation.GetProperty("forwarded").GetBoolean().Should().BeFalse();
            explanation.GetProperty("trace").GetString().Should().Contain("police");

            (await _http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Should().MatchRegex("""sipguard_calls(_total)?\{[^}]*decision="reject"[^}]*\}""");
            await host.TerminateAsync();
        }

        using var verify = ResilienceProcess.Start(build.Binary, ["evidence", "verify", Path.Combine(_dir, "evidence")]);
        (await verify.WaitForExitAsync()).Should().Be(0, "the native build writes the same hash chain:\n" + verify.Log);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<HttpResponseMessage> PostEntryAsync(string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/lists/police/entries", UriKind.Relative))
        {
            Content = JsonContent.Create(new { entries = new[] { Caller } }),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return _http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task SendAsync(UdpClient peer, string message) =>
        await peer.SendAsync(Encoding.ASCII.GetBytes(message), new IPEndPoint(IPAddress.Loopback, SipPort));

    private static string Invite(string callId) =>
        $"INVITE sip:4008001234@127.0.0.1:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{Caller}@127.0.0.2>;tag=a1\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:{Caller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";

    private async Task<string> WriteConfigAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "police.txt"), "+8613900000001\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "admin.tokens"), $"ops {Token}\n");
        var path = Path.Combine(_dir, "sipguard.yaml");
        await File.WriteAllTextAsync(path, $$"""
            listen: [ "udp://127.0.0.1:{{SipPort}}" ]
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
            admin: { address: "http://127.0.0.1:{{AdminPort}}", token_file: admin.tokens }
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            proxy: { drain_timeout: 1s }
            """);
        return path;
    }
}
