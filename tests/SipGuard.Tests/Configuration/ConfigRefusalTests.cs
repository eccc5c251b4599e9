using SipGuard.Configuration;

namespace SipGuard.Tests.Configuration;

/// <summary>
/// <c>check</c> refuses what is not built and every string that would break a SIP message, and reports
/// all of it at once, each with its line and column.
/// </summary>
public sealed class ConfigRefusalTests
{
    private const string Broken = """
        listen: [ "udp://127.0.0.1:5060", "tls://127.0.0.1:5061" ]
        upstreams:
          callcenter: { targets: [ "sips:127.0.0.1:5080" ] }
        trunks:
          acme-line-1:
            kind: private-line
            sources: [ "127.0.0.300/32" ]
            upstream: nowhere
            allowed_callers: [ "+861066022236" ]
            bogus_key: 1
        proxy:
          warn_agent: "WARN_AGENT"
          server_header: "bad\u0001value"
          inbound:
            - { from_upstream: callcenter, to_trunk: acme-line-1, target: "sip:127.0.0.2:5060;transport=tls" }
        lists:
          grey: { file: grey.txt, action: tag, tag: "line one\r\nX-Injected: yes" }
        """;

    [Fact]
    public void Every_error_is_reported_at_once_with_its_place()
    {
        var directory = Directory.CreateTempSubdirectory("sipguard-refusals-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "grey.txt"), "+8613512345678\n");
            var yaml = Broken.Replace("WARN_AGENT", new string('a', 65), StringComparison.Ordinal);

            var errors = ConfigLoader.Load(yaml, "sipguard.yaml", directory).Errors.Select(e => e.ToString()).ToArray();

            errors.Should().HaveCount(9, string.Join("\n", errors));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:1:", StringComparison.Ordinal) && e.Contains("a tls:// listener needs the tls section", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:3:", StringComparison.Ordinal) && e.Contains("is reached over TLS: add tls: { ca: FILE }", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:7:", StringComparison.Ordinal) && e.Contains("127.0.0.300", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:8:", StringComparison.Ordinal) && e.Contains("nowhere", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:10:", StringComparison.Ordinal) && e.Contains("bogus_key", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:12:", StringComparison.Ordinal) && e.Contains("warn_agent: must be 1 to 64", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:13:", StringComparison.Ordinal) && e.Contains("server_header", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:15:", StringComparison.Ordinal) && e.Contains("TLS towards a trunk is not implemented", StringComparison.Ordinal));
            errors.Should().ContainSingle(e => e.StartsWith("sipguard.yaml:17:", StringComparison.Ordinal) && e.Contains("lists.grey.tag", StringComparison.Ordinal) && e.Contains("control character", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData("warn_agent: \"sip guard\"", "proxy.warn_agent")]
    [InlineData("warn_agent: \"a;b\"", "proxy.warn_agent")]
    [InlineData("tag_header: \"X-Very-Long-Header-Name-That-Goes-On-And-On-And-On-Past-Sixty-Four-Chars\"", "proxy.tag_header")]
    [InlineData("server_header: \"SipGuard\\tv1\"", "proxy.server_header")]
    public void A_string_that_goes_on_the_wire_is_checked_at_load(string line, string path)
    {
        var directory = Directory.CreateTempSubdirectory("sipguard-refusals-").FullName;
        try
        {
            var yaml = $"""
                listen: [ "udp://127.0.0.1:5060" ]
                upstreams:
                  callcenter: {"{"} targets: [ "sip:127.0.0.1:5080" ] {"}"}
                trunks:
                  acme-line-1: {"{"} kind: private-line, sources: [ "127.0.0.2/32" ], upstream: callcenter, allowed_callers: [ "+861066022236" ] {"}"}
                proxy:
                  {line}
                """;

            var errors = ConfigLoader.Load(yaml, "sipguard.yaml", directory).Errors.Select(e => e.ToString()).ToArray();

            errors.Should().ContainSingle().Which.Should().StartWith("sipguard.yaml:7:").And.Contain(path);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
