using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Policy;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Transports;

namespace SipGuard.Tests.Evidence;

public sealed class EvidenceLogTests : IDisposable
{
    private const int Burst = 100_000;
    private readonly EvidenceFixture _log = new();
    private readonly FakeTimeProvider _time = new(EvidenceFixture.Day1);

    // A real 'caller-not-allowed' rejection: allowed calls are only counted, so the burst must be of flagged calls.
    private static readonly Decision Rejected = new TestPolicy().Decide(TestPolicy.Enforce, TestPolicy.Invite("d@test", TestPolicy.Spoofed));

    public void Dispose() => _log.Dispose();

    [Fact]
    public async Task A_burst_of_100000_records_in_block_mode_is_written_whole_and_chained()
    {
        var log = new EvidenceLog(_log.Settings(overflow: EvidenceOverflow.Block, capacity: 1024), _time, NullLogger<EvidenceLog>.Instance);
        log.Start();
        var invite = Invite();

        for (var i = 0; i < Burst; i++)
        {
            log.OnScreened(new ScreeningEvent(invite, SipEndpoint.FromIPv4(0x7F000004, 5060), SipTransportKind.Udp, Rejected, 0));
        }

        await log.DisposeAsync();

        log.Dropped.Should().Be(0);
        log.QueueDepth.Should().Be(0);
        _log.CallLines().Should().HaveCount(Burst);
        var verification = EvidenceVerifier.Verify(_log.Directory);
        verification.Intact.Should().BeTrue(verification.Break?.ToString());
        verification.Records.Should().Be(Burst + 1, "the calls and one totals line");
    }

    [Fact]
    public async Task In_reject_mode_the_producer_never_waits_and_every_record_is_either_written_or_counted_as_dropped()
    {
        var log = new EvidenceLog(_log.Settings(overflow: EvidenceOverflow.Reject, capacity: 64), _time, NullLogger<EvidenceLog>.Instance);
        log.Start();
        var invite = Invite();

        // No timeout is ever advanced on the fake clock: a producer that waited would never finish.
        for (var i = 0; i < Burst; i++)
        {
            log.OnScreened(new ScreeningEvent(invite, SipEndpoint.FromIPv4(0x7F000004, 5060), SipTransportKind.Udp, Rejected, 0));
        }

        await log.DisposeAsync();

        log.QueueDepth.Should().Be(0);
        (_log.CallLines().Count + log.Dropped).Should().Be(Burst);
        EvidenceVerifier.Verify(_log.Directory).Intact.Should().BeTrue();
    }

    [Fact]
    public async Task A_record_carries_the_request_identity_headers_the_decision_and_the_answer()
    {
        var log = new EvidenceLog(_log.Settings(), _time, NullLogger<EvidenceLog>.Instance);
        log.Start();

        log.OnScreened(new ScreeningEvent(Invite(), SipEndpoint.FromIPv4(0x7F000004, 5070), SipTransportKind.Tcp, Rejected, 403));
        await log.DisposeAsync();

        var line = _log.CallLines().Single();
        line.Should().StartWith("{\"seq\":1,\"prev\":\"" + new string('0', 64) + "\",\"time\":\"2026-03-01T10:00:00.000Z\"");
        line.Should().Contain("\"source\":\"127.0.0.4:5070\",\"transport\":\"tcp\",\"call_id\":\"burst-1@127.0.0.4\"");
        line.Should().Contain("\"request_uri\":\"sip:4008001234@127.0.0.1\"");
        line.Should().Contain("\"from\":\"<sip:+8613712340404@127.0.0.4>;tag=1\"");
        line.Should().Contain("\"pai\":[\"<sip:+8613712340404@127.0.0.4>\",\"<tel:+8613712340404>\"]");
        line.Should().Contain("\"privacy\":\"none\"");
        line.Should().Contain("\"rpid\":[\"<sip:+8613712340404@127.0.0.4>;privacy=off\"]");
        line.Should().Contain("\"response\":403,\"invite\":\"INVITE sip:4008001234@127.0.0.1 SIP/2.0\\r\\n");
    }

    private static EvidenceFixture.Entry Entry(int i) =>
        new(EvidenceFixture.Day1.AddSeconds(i), "acme-line-1", "caller-not-allowed", "+8613712340404", DecisionOutcome.Reject);

    [Fact]
    public async Task A_flood_block_is_recorded_with_rule_flood_the_source_and_the_request_that_tipped_it()
    {
        var log = new EvidenceLog(_log.Settings(), _time, NullLogger<EvidenceLog>.Instance);
        log.Start();

        log.OnSourceBlocked(new SourceBlockEvent(Invite(), SipEndpoint.FromIPv4(0x7F000009, 5071), SipTransportKind.Udp, trunk: null, TimeSpan.FromSeconds(30)));
        await log.DisposeAsync();

        var line = File.ReadLines(_log.Files.Single()).Single();
        using var record = System.Text.Json.JsonDocument.Parse(line);
        record.RootElement.GetProperty("rule").GetString().Should().Be("flood");
        record.RootElement.GetProperty("decision").GetString().Should().Be("reject");
        record.RootElement.GetProperty("source").GetString().Should().Be("127.0.0.9:5071");
        record.RootElement.GetProperty("response").GetInt32().Should().Be(0, "a flooding source is ignored, not answered");
        record.RootElement.GetProperty("call_id").GetString().Should().NotBeNullOrEmpty();
        EvidenceVerifier.Verify(_log.Directory).Intact.Should().BeTrue();
    }

    private static SipMessage Invite()
    {
        var bytes = Encoding.ASCII.GetBytes(
            "INVITE sip:4008001234@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.4:5060;branch=z9hG4bK-1\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: <sip:+8613712340404@127.0.0.4>;tag=1\r\n"
            + "To: <sip:4008001234@127.0.0.1>\r\n"
            + "Call-ID: burst-1@127.0.0.4\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "P-Asserted-Identity: <sip:+8613712340404@127.0.0.4>\r\n"
            + "P-Asserted-Identity: <tel:+8613712340404>\r\n"
            + "Privacy: none\r\n"
            + "Remote-Party-ID: <sip:+8613712340404@127.0.0.4>;privacy=off\r\n"
            + "Content-Length: 0\r\n\r\n");
        var message = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, message).IsError.Should().BeFalse();
        return message;
    }
}
