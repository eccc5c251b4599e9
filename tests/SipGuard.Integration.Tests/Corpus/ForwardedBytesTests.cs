using System.Text;
using SipGuard.Conformance.Tests;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>The comparison the host corpus replay relies on: it takes back exactly §16.6's edits and sees any other changed byte.</summary>
public sealed class ForwardedBytesTests
{
    private static readonly CorpusInput Cparam01 = CorpusInput.Prepare(ConformanceCorpus.ReadManifest().Where(r => r.File == "rfc4475/cparam01.dat"), "x").Single();

    [Fact]
    public void Our_via_record_route_max_forwards_and_stamp_taken_back_leave_the_bytes_as_sent()
    {
        ForwardedBytes.Compare(Forwarded(), Cparam01, 15470, 15472, out var recordRoutes).Should().BeNull();
        recordRoutes.Should().Be(1);
    }

    [Theory]
    [InlineData("tag=DkfVgjkrtMwaerKKpe", "tag=DkfVgjkrtMwaerKKpf")]
    [InlineData("CSeq: 2 REGISTER\r\n", "")]
    [InlineData("unknownparam", "unknownParam")]
    [InlineData("Max-Forwards: 69", "Max-Forwards: 68")]
    [InlineData(";received=127.0.0.2", ";received=127.0.0.3")]
    [InlineData("l: 0\r\n", "Content-Length: 0\r\n")]
    public void Any_other_change_is_reported(string from, string to)
    {
        var forwarded = Encoding.Latin1.GetString(Forwarded());
        forwarded.Should().Contain(from);
        ForwardedBytes.Compare(Encoding.Latin1.GetBytes(forwarded.Replace(from, to, StringComparison.Ordinal)), Cparam01, 15470, 15472, out _).Should().NotBeNull();
    }

    /// <summary>cparam01 as SipGuard forwards it from 127.0.0.2:15472 over UDP (what the host replay receives for it).</summary>
    private static byte[] Forwarded()
    {
        var text = Encoding.Latin1.GetString(Cparam01.Sent);
        text.Should().Contain("Max-Forwards: 70\r\n").And.Contain("Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw\r\n");
        text = text
            .Replace("Via: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw\r\n",
                "Via: SIP/2.0/UDP 127.0.0.1:15470;branch=z9hG4bK-sg-1;rport\r\nVia: SIP/2.0/UDP saturn.example.com:5060;branch=z9hG4bKkdjuw;received=127.0.0.2\r\n", StringComparison.Ordinal)
            .Replace("Max-Forwards: 70\r\n", "Max-Forwards: 69\r\n", StringComparison.Ordinal)
            .Replace("\r\n\r\n", "\r\nRecord-Route: <sip:127.0.0.1:15470;lr;sgd=x>\r\n\r\n", StringComparison.Ordinal);
        return Encoding.Latin1.GetBytes(text);
    }
}
