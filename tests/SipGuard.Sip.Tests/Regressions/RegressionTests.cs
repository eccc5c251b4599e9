using SipGuard.Sip.Editing;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Tests.Regressions;

/// <summary>
/// Raw-bytes files for parser bugs found and fixed. File name prefix says the expectation:
/// <c>ok-*.sip</c> must parse, round-trip and frame as one whole stream message, <c>err-*.sip</c>
/// must give an error value (never throw).
/// </summary>
public sealed class RegressionTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "Regressions"), "*.sip").Order())
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Regression_file_gets_its_expected_outcome(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Regressions", name));
        var m = new SipMessage();
        var error = SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, m);
        if (name.StartsWith("ok-", StringComparison.Ordinal))
        {
            error.IsError.Should().BeFalse(error.ToString());
            var editor = new SipMessageEditor();
            editor.Reset(m);
            var output = new byte[editor.GetLength()];
            editor.TryWrite(output, out _).Should().BeTrue();
            output.Should().Equal(m.Span.ToArray());

            // A stream must frame it exactly as a datagram parses it (ok-folded-content-length: the
            // stream framer once read only the first line of a folded Content-Length).
            SipFraming.TryFindMessageLength(bytes, SipParserLimits.Default, out var length, out var framing).Should().BeTrue();
            framing.IsError.Should().BeFalse(framing.ToString());
            length.Should().Be(m.Length);
        }
        else
        {
            error.IsError.Should().BeTrue();
        }
    }
}
