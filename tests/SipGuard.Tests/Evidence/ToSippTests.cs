using System.Text.Json;

namespace SipGuard.Tests.Evidence;

/// <summary><c>sipguard evidence to-sipp</c> refuses, with a message, what it cannot replay unchanged; and keeps identity headers byte for byte.</summary>
public sealed class ToSippTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipguard-tosipp-unit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("cut", "nothing to replay")]
    [InlineData("ipv6", "which SIPp reads as a keyword")]
    [InlineData("unanswered", "no final response")]
    [InlineData("absent", "no call record with Call-ID 'absent'")]
    public void What_cannot_be_replayed_unchanged_is_refused_with_a_message(string callId, string message)
    {
        var evidence = Write();
        var (exit, _, error) = EvidenceCli.Run("evidence", "to-sipp", "--evidence", evidence, "--call-id", callId, Path.Combine(_dir, "out"));
        exit.Should().Be(1);
        error.Should().Contain(message);
        Directory.Exists(Path.Combine(_dir, "out")).Should().BeFalse("nothing is written for a refused call");
    }

    [Fact]
    public void The_scenario_keeps_every_identity_header_and_substitutes_only_what_sipp_owns()
    {
        var evidence = Write();
        var (exit, _, error) = EvidenceCli.Run("evidence", "to-sipp", "--evidence", evidence, "--call-id", "ok", Path.Combine(_dir, "out"));
        exit.Should().Be(0, error);
        var xml = File.ReadAllText(Path.Combine(_dir, "out", "scenario.xml"));
        xml.Should().Contain("INVITE sip:[field0]@[remote_ip]:[remote_port] SIP/2.0").And.Contain("Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]")
            .And.Contain("Call-ID: [call_id]").And.Contain("Content-Length: [len]").And.Contain("Remote-Party-ID: <sip:+8613912345678@x>;party=calling;privacy=full")
            .And.Contain("Privacy: id").And.Contain("<recv response=\"603\" />").And.NotContain("z9hG4bK-old");
        File.ReadAllText(Path.Combine(_dir, "out", "call.csv")).Should().Be("SEQUENTIAL\n4008001234;\n");
        EvidenceCli.Run("evidence", "to-sipp", "--evidence", evidence, "--call-id", "ok", Path.Combine(_dir, "out")).Exit.Should().Be(2, "existing files are not overwritten");
    }

    private string Write()
    {
        var evidence = Path.Combine(_dir, "evidence");
        Directory.CreateDirectory(evidence);
        static string Invite(string id, string extra) =>
            $"INVITE sip:4008001234@10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.2:5070;branch=z9hG4bK-old\r\nFrom: <sip:+8613912345678@10.0.0.2>;tag=1\r\n" +
            $"To: <sip:4008001234@10.0.0.1>\r\nCall-ID: {id}\r\nCSeq: 1 INVITE\r\n{extra}Content-Length: 0\r\n\r\n";
        static string Line(string id, int response, string invite, bool cut = false) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["seq"] = 1, ["prev"] = "", ["time"] = "2026-11-01T00:00:00.000Z", ["type"] = "call", ["source"] = "10.0.0.2:5070",
            ["call_id"] = id, ["response"] = response, ["invite"] = invite, [cut ? "invite_cut" : "x"] = true,
        });
        File.WriteAllLines(Path.Combine(evidence, "evidence-20261101-001.jsonl"),
        [
            Line("cut", 403, Invite("cut", ""), cut: true),
            Line("ipv6", 403, Invite("ipv6", "Contact: <sip:a@[2001:db8::1]>\r\n")),
            Line("unanswered", 0, Invite("unanswered", "")),
            Line("ok", 603, Invite("ok", "Remote-Party-ID: <sip:+8613912345678@x>;party=calling;privacy=full\r\nPrivacy: id\r\n")),
        ]);
        return evidence;
    }
}
