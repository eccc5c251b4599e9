using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Validation;

namespace SipGuard.Sip.Tests.Validation;

public sealed class SipRequestValidatorTests
{
    private static SipParseErrorKind Validate(string text, SipValidationRole role = SipValidationRole.Proxy, string[]? tags = null)
    {
        var bytes = TestMessages.Bytes(text);
        var m = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, m).IsError.Should().BeFalse();
        return new SipRequestValidator(tags).Validate(m, role).Kind;
    }

    private const string Base = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: c1\r\n";

    [Fact]
    public void Well_formed_request_passes() =>
        Validate(Base + "CSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nl: 0\r\n\r\n").Should().Be(SipParseErrorKind.None);

    [Theory]
    [InlineData("CSeq: 1 INVITE\r\n", SipParseErrorKind.CSeqMethodMismatch)]
    [InlineData("CSeq: 4294967296 OPTIONS\r\n", SipParseErrorKind.BadCSeq)]
    [InlineData("CSeq: 1 OPTIONS\r\nMax-Forwards: 256\r\n", SipParseErrorKind.BadMaxForwards)]
    [InlineData("CSeq: 1 OPTIONS\r\nMax-Forwards: 0\r\n", SipParseErrorKind.TooManyHops)]
    [InlineData("CSeq: 1 OPTIONS\r\nCSeq: 2 OPTIONS\r\n", SipParseErrorKind.DuplicateHeader)]
    [InlineData("", SipParseErrorKind.MissingCSeq)]
    [InlineData("CSeq: 1 OPTIONS\r\nProxy-Require: foo\r\n", SipParseErrorKind.BadExtension)]
    public void Problem_found_after_parsing_is_named(string extra, SipParseErrorKind expected) =>
        Validate(Base + extra + "l: 0\r\n\r\n").Should().Be(expected);

    [Fact]
    public void Supported_proxy_require_tag_passes() =>
        Validate(Base + "CSeq: 1 OPTIONS\r\nProxy-Require: foo\r\nl: 0\r\n\r\n", tags: ["foo"]).Should().Be(SipParseErrorKind.None);

    [Fact]
    public void Unknown_request_uri_scheme_is_416()
    {
        var kind = Validate(Base.Replace("sip:a@b SIP", "urn:x SIP", StringComparison.Ordinal) + "CSeq: 1 OPTIONS\r\nl: 0\r\n\r\n");
        kind.Should().Be(SipParseErrorKind.UnsupportedUriScheme);
        SipErrorReactions.For(kind, true).StatusCode.Should().Be(416);
    }
}
