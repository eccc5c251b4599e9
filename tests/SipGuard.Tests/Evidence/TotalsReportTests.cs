using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Evidence;
using SipGuard.Proxy.Core;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Tests.Evidence;

/// <summary>Every screened call is counted per line and verdict, durably (across a restart), and the report's totals equal the calls made.</summary>
public sealed class TotalsReportTests : IDisposable
{
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5060));
    private readonly EvidenceFixture _evidence = new();
    private readonly TimingWheel _wheel = new(new FakeTimeProvider(), TimeSpan.FromMilliseconds(10));
    private readonly TestPolicy _policy = new();
    private readonly FakeTimeProvider _time = new(EvidenceFixture.Day1);
    private int _calls;

    public void Dispose()
    {
        _wheel.Dispose();
        _evidence.Dispose();
    }

    [Fact]
    public async Task Report_json_totals_per_line_equal_the_calls_made_over_two_runs()
    {
        // Run 1: enforce-line 5 allowed + 3 spoofed; monitor-line 2 allowed + 4 spoofed.
        await RunAsync(enforceAllowed: 5, enforceSpoofed: 3, monitorAllowed: 2, monitorSpoofed: 4);

        // Run 2 (a restart, the next day): the counts add up, none restart from zero.
        _time.Advance(TimeSpan.FromDays(1));
        await RunAsync(enforceAllowed: 1, enforceSpoofed: 2, monitorAllowed: 0, monitorSpoofed: 1);

        var (exit, output, error) = EvidenceCli.Run("report", "--evidence", _evidence.Directory, "--format", "json");
        exit.Should().Be(0, error);
        using var doc = JsonDocument.Parse(output);
        var trunks = doc.RootElement.GetProperty("trunks");
        Totals(trunks, "enforce-line").Should().Be((11, 3 + 2, 0));
        Totals(trunks, "monitor-line").Should().Be((7, 0, 4 + 1));
        trunks.GetProperty("enforce-line").GetProperty("reasons").GetProperty("caller-not-allowed").GetInt64().Should().Be(5);
        trunks.GetProperty("enforce-line").GetProperty("rate").GetDouble().Should().BeApproximately(5.0 / 11, 1e-6);
        doc.RootElement.GetProperty("records").GetInt64().Should().Be(10, "the flagged calls' records; allowed calls are counted, not recorded");
        EvidenceVerifier.Verify(_evidence.Directory).Intact.Should().BeTrue();

        var oneDay = EvidenceCli.Run("report", "--evidence", _evidence.Directory, "--format", "json", "--from", "2026-03-02", "--to", "2026-03-02").Output;
        using var day2 = JsonDocument.Parse(oneDay);
        Totals(day2.RootElement.GetProperty("trunks"), "enforce-line").Should().Be((3, 2, 0));
    }

    [Theory]
    [InlineData("md", "en", "| enforce-line | 8 | 3 | 0 | 0 | 37.50 % |")]
    [InlineData("md", "zh", "拦截率")]
    [InlineData("html", "zh", "<td>monitor-line</td><td class=\"n\">6</td><td class=\"n\">0</td><td class=\"n\">4</td>")]
    [InlineData("csv", "en", "totals,,enforce-line,intercepted,,3")]
    public async Task Each_format_shows_the_lines_totals(string format, string lang, string expected)
    {
        await RunAsync(enforceAllowed: 5, enforceSpoofed: 3, monitorAllowed: 2, monitorSpoofed: 4);
        var (exit, output, error) = EvidenceCli.Run("report", "--evidence", _evidence.Directory, "--format", format, "--lang", lang);
        exit.Should().Be(0, error);
        output.Should().Contain(expected);
    }

    [Fact]
    public async Task Sample_allowed_records_that_share_of_allowed_calls()
    {
        await RunAsync(enforceAllowed: 10, enforceSpoofed: 0, monitorAllowed: 0, monitorSpoofed: 0, sampleAllowed: 0.2);
        _evidence.CallLines().Should().HaveCount(2).And.OnlyContain(l => l.Contains("\"decision\":\"allow\"", StringComparison.Ordinal));
    }

    private static (long Screened, long Intercepted, long Flagged) Totals(JsonElement trunks, string trunk)
    {
        var t = trunks.GetProperty(trunk);
        return (t.GetProperty("screened").GetInt64(), t.GetProperty("intercepted").GetInt64(), t.GetProperty("flagged").GetInt64());
    }

    private async Task RunAsync(int enforceAllowed, int enforceSpoofed, int monitorAllowed, int monitorSpoofed, double sampleAllowed = 0)
    {
        var log = new EvidenceLog(_evidence.Settings(sampleAllowed: sampleAllowed), _time, NullLogger<EvidenceLog>.Instance);
        var sent = new ConcurrentQueue<string>();
        ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _).Should().BeTrue();
        var proxy = new SipProxy(_policy.Snapshot, new Recording(sent), [listener], _wheel, new SipProxyOptions(1000, SipParserLimits.Default), observer: log);
        log.Start();
        Send(proxy, enforceAllowed, TestPolicy.Allowed, TestPolicy.Enforce, "127.0.0.2");
        Send(proxy, enforceSpoofed, TestPolicy.Spoofed, TestPolicy.Enforce, "127.0.0.2");
        Send(proxy, monitorAllowed, TestPolicy.Allowed, TestPolicy.Monitor, "127.0.0.4");
        Send(proxy, monitorSpoofed, TestPolicy.Spoofed, TestPolicy.Monitor, "127.0.0.4");
        await log.DisposeAsync();
    }

    private void Send(SipProxy proxy, int count, string caller, SipEndpoint source, string ip)
    {
        for (var i = 0; i < count; i++)
        {
            var id = $"t{++_calls}@test";
            proxy.OnPacket(new InboundPacket(TestPolicy.Invite(id, caller, ip), source, Local, 0, SipTransportKind.Udp, 0));
        }
    }

    private sealed class Recording(ConcurrentQueue<string> sent) : ISipTransport
    {
        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            sent.Enqueue(Encoding.ASCII.GetString(bytes));
            return SendResult.Sent;
        }
    }
}
