using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Timers;
using SipGuard.Sip.Transports;

namespace SipGuard.Tests.Evidence;

/// <summary>Nothing lost silently: a write that fails is an evidence failure, a torn line survives a restart, the chain crosses files.</summary>
public sealed class EvidenceFailureTests : IDisposable
{
    private static readonly SipEndpoint Local = SipEndpoint.FromIPEndPoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5060));
    private readonly EvidenceFixture _evidence = new();
    private readonly TimingWheel _wheel = new(new FakeTimeProvider(), TimeSpan.FromMilliseconds(10));
    private readonly TestPolicy _policy = new();

    public void Dispose()
    {
        _wheel.Dispose();
        _evidence.Dispose();
    }

    [Fact]
    public void A_failed_commit_keeps_the_batch_and_the_retry_writes_it_whole_with_the_chain_unbroken()
    {
        var storage = new FailingStorage { Failing = true };
        using var metrics = new EvidenceMetrics(() => 0);
        using (var sink = new EvidenceFileSink(_evidence.Settings(), metrics, NullLogger.Instance, storage))
        {
            sink.Open();
            sink.TryAppend(EvidenceFixture.ToRecord(Entry(0)), null).Should().BeTrue();
            sink.TryAppend(EvidenceFixture.ToRecord(Entry(1)), null).Should().BeTrue();
            sink.Commit().Should().BeFalse("the disk is full");
            sink.PendingCount.Should().Be(2, "nothing is dropped");

            storage.Failing = false;
            sink.Commit().Should().BeTrue();
            sink.TryAppend(EvidenceFixture.ToRecord(Entry(2)), null).Should().BeTrue();
            sink.Commit().Should().BeTrue();
        }

        var result = EvidenceVerifier.Verify(_evidence.Directory);
        result.Intact.Should().BeTrue(result.Break?.ToString());
        result.Records.Should().Be(3);
        result.Torn.Should().BeEmpty("the half-written batch was replaced by the retry");
    }

    [Theory]
    [InlineData(EvidenceOverflow.Reject)]
    [InlineData(EvidenceOverflow.Block)]
    public async Task While_writes_fail_a_flagged_call_gets_503_and_is_not_forwarded_then_the_held_records_are_written(EvidenceOverflow mode)
    {
        var storage = new FailingStorage { Failing = true };
        var log = new EvidenceLog(_evidence.Settings(overflow: mode, blockTimeout: TimeSpan.FromMilliseconds(100)), TimeProvider.System, NullLogger<EvidenceLog>.Instance, storage: storage);
        var sent = new ConcurrentQueue<string>();
        var proxy = new SipProxy(_policy.Snapshot, new Recording(sent), [Listener()], _wheel, new SipProxyOptions(100, SipParserLimits.Default), observer: log);
        log.Start();

        Send(proxy, "held-1");
        await storage.FailedTwice.WaitAsync(TimeSpan.FromSeconds(30));
        log.Healthy.Should().BeFalse();
        log.Detail.Should().Contain("cannot write").And.Contain(_evidence.Directory);

        Send(proxy, "refused-2");

        sent.Should().Contain(m => m.StartsWith("INVITE ", StringComparison.Ordinal) && m.Contains("held-1", StringComparison.Ordinal), "it was queued before the failure was known");
        sent.Should().NotContain(m => m.StartsWith("INVITE ", StringComparison.Ordinal) && m.Contains("refused-2", StringComparison.Ordinal));
        sent.Single(m => m.StartsWith("SIP/2.0 503 ", StringComparison.Ordinal)).Should().Contain("Call-ID: refused-2").And.Contain("\"evidence-unavailable\"");
        log.Dropped.Should().Be(1);

        storage.ExpectWrite();
        storage.Failing = false;
        await storage.Wrote.WaitAsync(TimeSpan.FromSeconds(30));
        await log.DisposeAsync();

        log.Healthy.Should().BeTrue();
        var calls = _evidence.CallLines();
        calls.Should().ContainSingle().Which.Should().Contain("held-1");
        EvidenceVerifier.Verify(_evidence.Directory).Intact.Should().BeTrue();
    }

    [Fact]
    public void A_torn_last_line_is_kept_by_a_restart_and_reported_by_verify_and_the_chain_continues_in_a_new_file()
    {
        _evidence.Write(3, shutdown: false);
        var torn = _evidence.Files[0];
        File.AppendAllText(torn, "{\"seq\":4,\"prev\":\"ab");
        var tornLength = new FileInfo(torn).Length;

        _evidence.Write(2, shutdown: false, first: 3);

        new FileInfo(torn).Length.Should().Be(tornLength, "a restart does not cut the torn line away");
        _evidence.Files.Should().HaveCount(2);
        var result = EvidenceVerifier.Verify(_evidence.Directory);
        result.Intact.Should().BeTrue(result.Break?.ToString());
        result.Records.Should().Be(5);
        result.Torn.Should().ContainSingle().Which.Should().StartWith(Path.GetFileName(torn) + ":4: torn line");
    }

    [Fact]
    public void An_empty_newer_file_neither_restarts_the_chain_at_seq_1_nor_makes_verify_report_a_break()
    {
        _evidence.Write(3, shutdown: false);
        File.WriteAllBytes(Path.Combine(_evidence.Directory, "evidence-20260301-002.jsonl"), []);

        _evidence.Write(2, shutdown: false, first: 3);

        File.ReadLines(Path.Combine(_evidence.Directory, "evidence-20260301-002.jsonl")).First().Should().StartWith("{\"seq\":4,");
        var result = EvidenceVerifier.Verify(_evidence.Directory);
        result.Intact.Should().BeTrue(result.Break?.ToString());
        result.Records.Should().Be(5);
    }

    private static EvidenceFixture.Entry Entry(int i) =>
        new(EvidenceFixture.Day1.AddSeconds(i), "acme-line-1", "caller-not-allowed", "+8613712340404", Policy.DecisionOutcome.Reject);

    private static ListenerUri Listener()
    {
        ListenerUri.TryParse("udp://127.0.0.1:5060", out var listener, out _).Should().BeTrue();
        return listener;
    }

    private static void Send(SipProxy proxy, string id) =>
        proxy.OnPacket(new InboundPacket(TestPolicy.Invite(id + "@test", TestPolicy.Spoofed, "127.0.0.4"), TestPolicy.Monitor, Local, 0, SipTransportKind.Udp, 0));

    private sealed class Recording(ConcurrentQueue<string> sent) : ISipTransport
    {
        public SendResult Send(in OutboundTarget target, ReadOnlySpan<byte> bytes)
        {
            sent.Enqueue(Encoding.ASCII.GetString(bytes));
            return SendResult.Sent;
        }
    }
}
