using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Validation;

namespace SipGuard.Proxy.Tests.Core;

/// <summary>
/// The invalid rows of the RFC 4475 / 5118 corpus (the conformance project's Corpus folder, copied
/// beside these binaries) sent as they are, from a trunk's address, through the real proxy over
/// loopback UDP: every request the validator refuses must not reach the upstream.
/// </summary>
[Collection(UdpSocketsCollection.Name)]
public sealed class CorpusReplayTests
{
    [Fact]
    public async Task EveryInvalidCorpusRequestTheValidatorRefuses_IsNeverForwarded()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Corpus");
        var rows = File.ReadLines(Path.Combine(root, "manifest.tsv")).Skip(1)
            .Select(l => l.Split('\t'))
            .Where(c => c.Length >= 5 && c[2] == "invalid")
            .ToList();
        rows.Should().HaveCount(24);

        await using var h = await ProxyHarness.StartAsync();
        var validator = new SipRequestValidator();
        var replayed = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var bytes = File.ReadAllBytes(Path.Combine(root, rows[i][0]));
            var message = new SipMessage();
            var buffer = bytes.ToArray();
            var error = SipParser.Parse(buffer, 0, buffer.Length, SipParserLimits.Default, message);
            if (!error.IsError && message.IsRequest)
            {
                error = validator.Validate(message);
            }

            if (!message.IsRequest)
            {
                continue; // a response from a caller matches no transaction; the gate test covers responses
            }

            if (!rows[i][4].Contains(" or ", StringComparison.Ordinal))
            {
                error.IsError.Should().BeTrue($"{rows[i][0]} must be refused ({rows[i][4]})");
            }

            if (!error.IsError)
            {
                continue; // tolerated, as the manifest allows
            }

            h.Caller.Send(bytes, ProxyHarness.ProxyEndPoint);
            var barrier = Sip.Invite($"barrier-{i}", branch: $"z9hG4bK-barrier{i}");
            h.Caller.Send(barrier, ProxyHarness.ProxyEndPoint);
            while (true)
            {
                var next = await h.Upstream.ReceiveAsync($"the barrier after {rows[i][0]}");
                var callId = Sip.Header(next, "Call-ID");
                if (callId == $"Call-ID: barrier-{i}")
                {
                    break;
                }

                // an earlier barrier INVITE retransmitted (Timer A) is not a forward of the corpus row
                callId.Should().StartWith("Call-ID: barrier-", $"{rows[i][0]} ({rows[i][4]}) must not be forwarded");
            }

            replayed++;
        }

        replayed.Should().BeGreaterThan(18, "most invalid rows are requests the validator refuses");
    }
}
