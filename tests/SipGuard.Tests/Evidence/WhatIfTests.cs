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

/// <summary><c>sipguard whatif</c> re-decides recorded calls under a new config and finds exactly the verdicts the edit changes.</summary>
public sealed class WhatIfTests : IDisposable
{
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5060));
    private readonly EvidenceFixture _evidence = new();
    private readonly TimingWheel _wheel = new(new FakeTimeProvider(), TimeSpan.FromMilliseconds(10));

    public void Dispose()
    {
        _wheel.Dispose();
        _evidence.Dispose();
    }

    [Fact]
    public async Task Allowing_one_more_number_on_one_line_changes_exactly_that_lines_calls_from_that_number()
    {
        var log = new EvidenceLog(_evidence.Settings(sampleAllowed: 1), new FakeTimeProvider(DateTimeOffset.UtcNow), NullLogger<EvidenceLog>.Instance);
        ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _).Should().BeTrue();
        var proxy = new SipProxy(new TestPolicy().Snapshot, new Discard(), [listener], _wheel, new SipProxyOptions(1000, SipParserLimits.Default), observer: log);
        log.Start();
        const string Newly = "+8613912340000";
        Send(proxy, "e-ok-1", TestPolicy.Allowed, TestPolicy.Enforce, "127.0.0.2");
        Send(proxy, "e-new-1", Newly, TestPolicy.Enforce, "127.0.0.2");
        Send(proxy, "e-new-2", Newly, TestPolicy.Enforce, "127.0.0.2");
        Send(proxy, "e-spoof-1", TestPolicy.Spoofed, TestPolicy.Enforce, "127.0.0.2");
        Send(proxy, "m-new-1", Newly, TestPolicy.Monitor, "127.0.0.4");
        Send(proxy, "m-ok-1", TestPolicy.Allowed, TestPolicy.Monitor, "127.0.0.4");
        await log.DisposeAsync();
        _evidence.CallLines().Should().HaveCount(6, "sample_allowed: 1 records every allowed call too");

        var candidate = Path.Combine(_evidence.Directory, "new.yaml");
        File.WriteAllText(candidate, TestPolicy.Yaml.Replace(
            "  enforce-line:\n    kind: private-line\n    sources: [ \"127.0.0.2/32\" ]\n    upstream: callcenter\n    allowed_callers: [ \"+861066022236\" ]",
            "  enforce-line:\n    kind: private-line\n    sources: [ \"127.0.0.2/32\" ]\n    upstream: callcenter\n    allowed_callers: [ \"+861066022236\", \"" + Newly + "\" ]",
            StringComparison.Ordinal));
        File.ReadAllText(candidate).Should().Contain(Newly, "the edit applied");

        var (exit, output, error) = EvidenceCli.Run("whatif", "--config", candidate, "--evidence", _evidence.Directory, "--since", "24h", "--format", "json");
        exit.Should().Be(0, error);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("decided").GetInt64().Should().Be(6);
        doc.RootElement.GetProperty("changed").GetInt32().Should().Be(2);
        doc.RootElement.GetProperty("calls").EnumerateArray()
            .Select(c => (c.GetProperty("call_id").GetString(), c.GetProperty("before").GetString(), c.GetProperty("after").GetString()))
            .Should().BeEquivalentTo([("e-new-1", "reject/caller-not-allowed", "allow"), ("e-new-2", "reject/caller-not-allowed", "allow")]);

        var text = EvidenceCli.Run("whatif", "--config", candidate, "--evidence", _evidence.Directory).Output;
        text.Should().Contain("6 recorded call(s) re-decided, 2 would change").And.Contain("enforce-line: reject/caller-not-allowed -> allow: 2");
    }

    private static void Send(SipProxy proxy, string id, string caller, SipEndpoint source, string ip) =>
        proxy.OnPacket(new InboundPacket(TestPolicy.Invite(id, caller, ip), source, Local, 0, SipTransportKind.Udp, 0));

    private sealed class Discard : ISipTransport
    {
        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes) => SendResult.Sent;
    }
}
