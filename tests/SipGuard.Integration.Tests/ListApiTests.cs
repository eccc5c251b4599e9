using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The single-node list API on a real <c>sipguard run</c>: every change needs the admin token, an entry added
/// blocks the next call, <c>explain</c> sees it, it survives a restart, and each change is an evidence record.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class ListApiTests : IDisposable
{
    private const int SipPort = 15394;
    private const int AdminPort = 15395;
    private const int UpstreamPort = 15396;
    private const string Token = "ops-0123456789abcdef";
    private const string Caller = "+861066022236";
    private const string FileEntry = "+8613900000001";

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-listapi-").FullName;
    private readonly HttpClient _http = new() { BaseAddress = new Uri($"http://127.0.0.1:{AdminPort}") };

    [Fact]
    public async Task ChangesNeedTheToken_AnAddedEntryBlocksTheNextCall_SurvivesARestart_AndIsEvidence()
    {
        var config = await WriteConfigAsync();
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using (var host = ResilienceProcess.Sipguard(config))
        {
            await host.WaitForLineAsync("Application started");

            (await PostAsync(null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await PostAsync("not-the-token-000000")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await SendAsync(HttpMethod.Delete, $"/api/lists/police/entries/{FileEntry}", null)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

            await peer.SendAsync(Encoding.ASCII.GetBytes(Invite("list-1")), new IPEndPoint(IPAddress.Loopback, SipPort));
            Encoding.ASCII.GetString((await SipWire.ReceiveAsync(upstream)).Buffer).Should().StartWith("INVITE ", "before the change the caller is forwarded");

            var added = await PostAsync(Token);
            added.StatusCode.Should().Be(HttpStatusCode.OK, await added.Content.ReadAsStringAsync());
            (await JsonAsync(added)).GetProperty("added").GetInt32().Should().Be(1);
            (await JsonAsync(await PostAsync(Token))).GetProperty("added").GetInt32().Should().Be(0, "the entry is there already");

            await peer.SendAsync(Encoding.ASCII.GetBytes(Invite("list-2")), new IPEndPoint(IPAddress.Loopback, SipPort));
            (await SipWire.FinalResponseAsync(peer, "list-2")).Should().StartWith("SIP/2.0 608 ");

            await ExpectEntryAsync(Caller, present: true, "api");
            await ExpectEntryAsync(FileEntry, present: true, "file");
            await ExpectEntryAsync("+8613900000002", present: false, null);
            (await RunExplainAsync(config)).Should().Contain("police");
            await host.TerminateAsync();
        }

        using (var restarted = ResilienceProcess.Sipguard(config))
        {
            await restarted.WaitForLineAsync("Application started");
            await ExpectEntryAsync(Caller, present: true, "api");

            (await SendAsync(HttpMethod.Delete, $"/api/lists/police/entries/{FileEntry}", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound, "file entries are changed in the file");
            (await SendAsync(HttpMethod.Delete, $"/api/lists/police/entries/{Caller}", Token)).StatusCode.Should().Be(HttpStatusCode.OK);
            (await SendAsync(HttpMethod.Delete, $"/api/lists/police/entries/{Caller}", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            (await SendAsync(HttpMethod.Delete, $"/api/lists/nosuch/entries/{Caller}", Token)).StatusCode.Should().Be(HttpStatusCode.NotFound);
            await ExpectEntryAsync(Caller, present: false, null);
            await restarted.TerminateAsync();
        }

        var records = Directory.GetFiles(Path.Combine(_dir, "evidence"), "*.jsonl").SelectMany(File.ReadAllLines)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(r => r.TryGetProperty("type", out var k) && k.GetString() == "list-change").ToList();
        records.Select(r => (r.GetProperty("by").GetString(), r.GetProperty("action").GetString(), r.GetProperty("list").GetString(), r.GetProperty("entries")[0].GetString()))
            .Should().Equal(("ops", "add", "police", Caller), ("ops", "remove", "police", Caller));
        records.Should().AllSatisfy(r => r.GetProperty("time").GetDateTimeOffset().Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(-10)));
        using var verify = ResilienceProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "sipguard.dll"), "evidence", "verify", Path.Combine(_dir, "evidence")]);
        (await verify.WaitForExitAsync()).Should().Be(0, "list changes are links of the same hash chain:\n" + verify.Log);
    }

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task ExpectEntryAsync(string entry, bool present, string? source)
    {
        var answer = await _http.GetAsync(new Uri($"/api/lists/police/entries/{entry}", UriKind.Relative));
        answer.StatusCode.Should().Be(HttpStatusCode.OK);
        var json = await JsonAsync(answer);
        json.GetProperty("present").GetBoolean().Should().Be(present, entry);
        (json.GetProperty("source").ValueKind == JsonValueKind.Null ? null : json.GetProperty("source").GetString()).Should().Be(source, entry);
    }

    private Task<HttpResponseMessage> PostAsync(string? token) =>
        SendAsync(HttpMethod.Post, "/api/lists/police/entries", token, JsonContent.Create(new { entries = new[] { Caller } }));

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await _http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private async Task<string> RunExplainAsync(string config)
    {
        using var explain = ResilienceProcess.Start("dotnet", [Path.Combine(AppContext.BaseDirectory, "sipguard.dll"), "explain", "--config", config, "--source", "127.0.0.2", "--from", $"sip:{Caller}@127.0.0.2"]);
        (await explain.WaitForExitAsync()).Should().Be(2, "explain sees the runtime entry and rejects:\n" + explain.Log);
        return explain.Log;
    }

    private static string Invite(string callId) =>
        $"INVITE sip:4008001234@127.0.0.1:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:{Caller}@127.0.0.2>;tag=a1\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
        $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:{Caller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";

    private async Task<string> WriteConfigAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "police.txt"), FileEntry + "\n");
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
