using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGuard.Evidence;
using SipGuard.Proxy.Screening;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using Xunit.Abstractions;

namespace SipGuard.Tests.Evidence;

/// <summary>Disk bytes per record for a typical rejected INVITE (INVITE kept whole, trace, config), and the cap on a huge one.</summary>
public sealed class RecordSizeTests(ITestOutputHelper output) : IDisposable
{
    private readonly EvidenceFixture _evidence = new();

    public void Dispose() => _evidence.Dispose();

    [Fact]
    public async Task A_rejected_invite_record_keeps_the_request_and_trace_in_a_bounded_size_and_a_huge_invite_is_cut_and_marked()
    {
        var policy = new TestPolicy();
        var log = new EvidenceLog(_evidence.Settings(), new FakeTimeProvider(EvidenceFixture.Day1), NullLogger<EvidenceLog>.Instance);
        log.Start();
        var invite = TestPolicy.Invite("size-1@test", TestPolicy.Spoofed);
        var decision = policy.Decide(TestPolicy.Enforce, invite);
        const int Count = 1000;
        for (var i = 0; i < Count; i++)
        {
            log.OnScreened(new ScreeningEvent(Parse(invite), TestPolicy.Enforce, Sip.Transports.SipTransportKind.Udp, decision, 403, policy.Snapshot));
        }

        var huge = TestPolicy.Invite("size-huge@test", TestPolicy.Spoofed);
        var padded = System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(huge).Replace("Content-Length: 0", "X-Pad: " + new string('x', 20_000) + "\r\nContent-Length: 0", StringComparison.Ordinal));
        log.OnScreened(new ScreeningEvent(Parse(padded), TestPolicy.Enforce, Sip.Transports.SipTransportKind.Udp, decision, 403, policy.Snapshot));
        await log.DisposeAsync();

        var lines = _evidence.CallLines();
        var typical = lines[0];
        typical.Should().Contain("\"invite\":\"INVITE sip:4008001234@127.0.0.1:5060 SIP/2.0\\r\\n").And.Contain("\"invite_bytes\":" + invite.Length);
        typical.Should().Contain("\"trace\":{").And.Contain("\"normalized\":\"" + TestPolicy.Spoofed + "\"").And.Contain("\"verdict\":\"decided\"");
        var bytesPerRecord = lines.Take(Count).Sum(l => l.Length + 1) / (double)Count;
        output.WriteLine($"{invite.Length}-byte INVITE: {bytesPerRecord:0} bytes per record on disk");
        bytesPerRecord.Should().BeLessThan(invite.Length + 2048, "the INVITE once, plus its identity headers, trace and verdict");
        lines[^1].Should().Contain("\"invite_bytes\":" + padded.Length).And.Contain("\"invite_cut\":true").And.NotContain("\"trace\"");
        lines[^1].Length.Should().BeLessThan(EvidenceRecord.MaxInviteBytes + 2048);
    }

    private static SipMessage Parse(byte[] bytes)
    {
        var message = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, new SipParserLimits(65535, 128, 32 * 1024, 64), message, SipFramingMode.Datagram).IsError.Should().BeFalse();
        return message;
    }
}
