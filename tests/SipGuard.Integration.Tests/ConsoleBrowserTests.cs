using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;

namespace SipGuard.Integration.Tests;

/// <summary>
/// The operator console in a real browser (Debian's Chromium, headless, driven by Playwright) against a real
/// <c>sipguard run</c> with real calls made during the test. Each panel's screenshot goes to docs/console/.
/// </summary>
[Collection(SocketTestsCollection.Name)]
public sealed class ConsoleBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const int SipPort = 15397;
    private const int AdminPort = 15398;
    private const int UpstreamPort = 15399;
    private const string Token = "console-0123456789abcdef";
    private const string Allowed = "+861066022236";
    private const string Spoofed = "+8613912345678";
    private const string Markup = "<img id=injected src=x>";

    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-console-").FullName;
    private readonly string _shots = Path.Combine(RepositoryRoot(), "docs", "console");
    private int _calls;

    [Fact]
    public async Task Console_ShowsLiveCounts_FindsARejectedCall_Explains_AndChangesAListOnlyWithTheToken()
    {
        File.Exists(Chromium).Should().BeTrue($"the browser tests drive Debian's Chromium at {Chromium} (apt-get install chromium)");
        var config = await WriteConfigAsync();
        using var upstream = new UdpClient(new IPEndPoint(IPAddress.Loopback, UpstreamPort));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        using var host = ResilienceProcess.Sipguard(config);
        await host.WaitForLineAsync("Application started");

        for (var i = 0; i < 3; i++)
        {
            await CallAsync(peer, Allowed);
            Encoding.ASCII.GetString((await ReceiveAsync(upstream)).Buffer).Should().StartWith("INVITE ");
        }

        (await CallAsync(peer, Spoofed, answered: true)).Should().StartWith("SIP/2.0 403 ");
        // The attacker's From carries markup: the console must show it as text, never run or render it.
        (await CallAsync(peer, Spoofed, answered: true, displayName: Markup)).Should().StartWith("SIP/2.0 403 ");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 800 } });
        await page.GotoAsync($"http://127.0.0.1:{AdminPort}/");

        // Live: the counts are the calls just made.
        await Assertions.Expect(page.Locator("#live-calls tbody tr", new() { HasText = "allow" })).ToContainTextAsync("3");
        await Assertions.Expect(page.Locator("#live-calls tbody tr", new() { HasText = "reject" })).ToContainTextAsync("2");
        await Assertions.Expect(page.Locator("#live-interceptions tbody")).ToContainTextAsync("caller-not-allowed");
        await Assertions.Expect(page.Locator("#live-upstreams tbody")).ToContainTextAsync($"127.0.0.1:{UpstreamPort}");
        await ShotAsync(page, "live");

        // Evidence: the rejected call is found by its number and opens its full record.
        await page.ClickAsync("nav button[data-panel=evidence]");
        await page.FillAsync("#evidence-form input[name=number]", "13912345678");
        await page.ClickAsync("#evidence-form button[type=submit]");
        var row = page.Locator("#evidence-table tbody tr").First;
        await Assertions.Expect(row).ToContainTextAsync("caller-not-allowed");
        await row.ClickAsync();
        await Assertions.Expect(page.Locator("#evidence-record")).ToContainTextAsync($"sip:{Spoofed}@127.0.0.2");
        await Assertions.Expect(page.Locator("#evidence-record")).ToContainTextAsync(Markup);
        (await page.Locator("#injected").CountAsync()).Should().Be(0, "caller text is written as text");
        await ShotAsync(page, "evidence");

        // Explain: the same trace as `sipguard explain`, naming the rule.
        await page.ClickAsync("nav button[data-panel=explain]");
        await page.FillAsync("#explain-form input[name=source]", "127.0.0.2");
        await page.FillAsync("#explain-form input[name=from]", $"sip:{Spoofed}@127.0.0.2");
        await page.ClickAsync("#explain-form button[type=submit]");
        await Assertions.Expect(page.Locator("#explain-trace")).ToContainTextAsync("caller-not-allowed");
        await Assertions.Expect(page.Locator("#explain-trace")).ToContainTextAsync("response: 403");

        await ShotAsync(page, "explain");

        // Lists: adding without the token fails; with it, the entry blocks the next call.
        await page.ClickAsync("nav button[data-panel=lists]");
        await Assertions.Expect(page.Locator("#lists-table tbody")).ToContainTextAsync("police");
        await page.FillAsync("#list-form input[name=entry]", Allowed);
        await page.ClickAsync("#list-form button[value=add]");
        await Assertions.Expect(page.Locator("#list-result")).ToContainTextAsync("401");
        (await CallAsync(peer, Allowed, answered: false)).Should().BeEmpty();
        Encoding.ASCII.GetString((await ReceiveAsync(upstream)).Buffer).Should().StartWith("INVITE ", "without the token nothing changed");

        await page.FillAsync("#token", Token);
        await page.ClickAsync("#list-form button[value=add]");
        await Assertions.Expect(page.Locator("#list-result")).ToContainTextAsync("200: added 1");
        await Assertions.Expect(page.Locator("#lists-table tbody")).ToContainTextAsync(Allowed);
        (await CallAsync(peer, Allowed, answered: true)).Should().StartWith("SIP/2.0 608 ");
        await ShotAsync(page, "lists");

        // Config: a rejected edit shows with its file:line:column; the running generation stays.
        var good = await File.ReadAllTextAsync(config);
        await File.WriteAllTextAsync(config, good.Replace("kind: private-line", "kind: privat-line", StringComparison.Ordinal));
        await host.WaitForLineAsync("Config reload rejected");
        await page.ClickAsync("nav button[data-panel=config]");
        await Assertions.Expect(page.Locator("#config-reloads tbody")).ToContainTextAsync("rejected");
        await Assertions.Expect(page.Locator("#config-reloads tbody")).ToContainTextAsync("sipguard.yaml:7:11: error: trunks.line.kind");
        await Assertions.Expect(page.Locator("#config-running tbody")).ToContainTextAsync("generation");
        await ShotAsync(page, "config");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task ShotAsync(IPage page, string panel)
    {
        Directory.CreateDirectory(_shots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(_shots, panel + ".png"), FullPage = true });
    }

    /// <summary>Sends one INVITE; with <paramref name="answered"/>, returns its final response, else an empty string.</summary>
    private async Task<string> CallAsync(UdpClient peer, string caller, bool answered = false, string? displayName = null)
    {
        var callId = $"console-{++_calls}";
        var name = displayName is null ? "" : $"\"{displayName}\" ";
        var invite =
            $"INVITE sip:4008001234@127.0.0.1:{SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2;branch=z9hG4bK-{callId}\r\n" +
            $"Max-Forwards: 70\r\nFrom: {name}<sip:{caller}@127.0.0.2>;tag=c{_calls}\r\nTo: <sip:4008001234@127.0.0.1>\r\n" +
            $"Call-ID: {callId}\r\nCSeq: 1 INVITE\r\nContact: <sip:{caller}@127.0.0.2>\r\nContent-Length: 0\r\n\r\n";
        await peer.SendAsync(Encoding.ASCII.GetBytes(invite), new IPEndPoint(IPAddress.Loopback, SipPort));
        if (!answered)
        {
            return "";
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var text = Encoding.ASCII.GetString((await peer.ReceiveAsync(timeout.Token)).Buffer);
            if (!text.StartsWith("SIP/2.0 1", StringComparison.Ordinal) && text.Contains($"\r\nCall-ID: {callId}\r\n", StringComparison.Ordinal))
            {
                return text;
            }
        }
    }

    private static async Task<UdpReceiveResult> ReceiveAsync(UdpClient socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await socket.ReceiveAsync(timeout.Token);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SipGuard.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SipGuard.sln not found above the test binaries");
    }

    private async Task<string> WriteConfigAsync()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "police.txt"), "+8613900000001\n");
        await File.WriteAllTextAsync(Path.Combine(_dir, "admin.tokens"), $"console {Token}\n");
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
                allowed_callers: [ "{{Allowed}}" ]
            lists:
              police: { file: police.txt, action: reject }
            admin: { address: "http://127.0.0.1:{{AdminPort}}", token_file: admin.tokens }
            evidence: { dir: {{Path.Combine(_dir, "evidence")}} }
            proxy: { drain_timeout: 1s }
            """);
        return path;
    }
}
