using System.Security.Cryptography;
using System.Text;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Validation;

namespace SipGuard.Conformance.Tests;

/// <summary>Every row of Corpus/manifest.tsv: RFC 4475 and RFC 5118 torture tests.</summary>
public sealed class ConformanceCorpusTests
{
    /// <summary>
    /// Rows whose plain (role-less) expectation is a UAS answer rather than a proxy's: sdp01's 406
    /// is about the answer body a UAS could send; a proxy forwards it.
    /// </summary>
    private static readonly Dictionary<string, SipValidationRole> PlainRoleOverrides = new(StringComparer.Ordinal)
    {
        ["rfc4475/sdp01.dat"] = SipValidationRole.UserAgentServer,
    };

    public static TheoryData<ManifestRow> Rows()
    {
        var data = new TheoryData<ManifestRow>();
        foreach (var row in ConformanceCorpus.ReadManifest())
        {
            data.Add(row);
        }

        return data;
    }

    [Fact]
    public void Corpus_is_found_and_has_one_row_per_message_file()
    {
        var root = ConformanceCorpus.RequireRoot();
        var rows = ConformanceCorpus.ReadManifest();
        rows.Should().HaveCount(73);
        rows.Select(r => r.File).Should().OnlyHaveUniqueItems();
        foreach (var row in rows)
        {
            File.Exists(Path.Combine(root, row.File)).Should().BeTrue(row.File);
        }
    }

    [Fact]
    public void Corpus_files_match_their_checksums()
    {
        var root = ConformanceCorpus.RequireRoot();
        var checkedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(Path.Combine(root, "SHA256SUMS")))
        {
            var parts = line.Split("  ", 2);
            if (parts.Length != 2)
            {
                continue;
            }

            var file = parts[1].TrimStart('*');
            var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(root, file))));
            hash.Should().Be(parts[0], file);
            checkedFiles.Add(file);
        }

        // a truncated SHA256SUMS must not pass: every message the manifest names has its checksum
        checkedFiles.Should().Contain(ConformanceCorpus.ReadManifest().Select(r => r.File));
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Manifest_row_gets_its_expected_outcome(ManifestRow row)
    {
        var root = ConformanceCorpus.RequireRoot();
        var bytes = File.ReadAllBytes(Path.Combine(root, row.File));
        if (row.File.StartsWith("rfc5118/", StringComparison.Ordinal))
        {
            // README: RFC 5118's published Content-Length values do not match the bodies; correct
            // them so the test measures IPv6 handling rather than the RFC's arithmetic.
            bytes = CorrectContentLength(bytes);
        }

        var message = new SipMessage();
        if (row.Class == "valid")
        {
            var error = SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, message);
            error.IsError.Should().BeFalse($"{row.File} is valid but parsing gave {error}");
            CorpusOutcome.RoundTrip(message).Should().Equal(bytes[..message.Length], "no edits must mean identical bytes");
            RowSpecificChecks(row.File, message);
        }

        var clauses = ExpectedOutcome.Parse(row.Expect);
        clauses.Should().NotBeEmpty();
        foreach (var clause in clauses)
        {
            string outcome;
            if (clause.Transport == "stream")
            {
                outcome = CorpusOutcome.Stream(bytes);
            }
            else
            {
                var role = clause.Role switch
                {
                    "" => PlainRoleOverrides.GetValueOrDefault(row.File, SipValidationRole.Proxy),
                    "proxy" => SipValidationRole.Proxy,
                    "uas" or "ua" => SipValidationRole.UserAgentServer,
                    "registrar" => SipValidationRole.Registrar,
                    _ => throw new FormatException($"unknown role {clause.Role}"),
                };
                outcome = CorpusOutcome.Datagram(bytes, role, message);
            }

            clause.Acceptable.Should().Contain(outcome, $"{row.File} [{row.Expect}] role '{clause.Role}' over {clause.Transport}");
        }
    }

    private static void RowSpecificChecks(string file, SipMessage m)
    {
        var s = m.Span;
        switch (Path.GetFileName(file).Replace(".dat", "", StringComparison.Ordinal))
        {
            case "wsinv":
                m.TryGetMaxForwards(out var mf).Should().BeTrue();
                mf.Should().Be(68);
                m.TryGetCSeq(out var cseq).Should().BeTrue();
                cseq.Number.Should().Be(9u);
                cseq.Method.Should().Be(SipMethod.Invite);
                m.ViaCount.Should().Be(3);
                Values(m, KnownHeader.Via).Should().HaveCount(3);
                m.TryGetValue(KnownHeader.Subject, out var subject).Should().BeTrue();
                subject.IsEmpty.Should().BeTrue();
                Text(m, m.Headers[m.IndexOf("UnknownHeaderWithUnusualValue"u8)].Value).Should().Be(";;,,;;,;");
                m.TryGetTopVia(out var top).Should().BeTrue();
                Text(m, top.Branch).Should().Be("390skdjuw");
                m.TryGetFrom(out var from).Should().BeTrue();
                Text(m, from.Tag).Should().Be("98asjd8");
                m.TryGetTo(out var to).Should().BeTrue();
                Text(m, to.Tag).Should().Be("1918181833n");
                break;
            case "esc01":
                m.TryGetRequestUri(out var ruri).Should().BeTrue();
                Unescaped(m, ruri.User).Should().Be("sips:user@example.com");
                var contact = NameAddrs(m, KnownHeader.Contact).Single();
                contact.Uri.TryGetParameter(s, "n%61me"u8, out var pv).Should().BeTrue();
                Unescaped(m, pv).Should().Be("value%41");
                break;
            case "escnull":
                var contacts = NameAddrs(m, KnownHeader.Contact);
                contacts.Should().HaveCount(2);
                Unescaped(m, contacts[0].Uri.User).Should().Be("\0");
                Unescaped(m, contacts[1].Uri.User).Should().Be("\0\0");
                m.TryGetTo(out var nullTo).Should().BeTrue();
                Unescaped(m, nullTo.Uri.User).Should().Be("null-\0-null");
                break;
            case "esc02":
                m.Method.Should().Be(SipMethod.Extension);
                Values(m, KnownHeader.Contact).Should().HaveCount(2);
                break;
            case "longreq":
                m.ViaCount.Should().Be(34);
                var vias = Values(m, KnownHeader.Via);
                vias.Should().HaveCount(34);
                vias.Select(v => ViaValue.TryParse(m.Span, v, out var parsed)).Should().AllBeEquivalentTo(true);
                m.TryGetFrom(out var longFrom).Should().BeTrue();
                longFrom.Tag.Length.Should().BeGreaterThan(100);
                break;
            case "dblreq":
                m.Method.Should().Be(SipMethod.Register);
                m.Body.Length.Should().Be(0);
                m.TrailingBytes.Should().BeGreaterThan(0);
                break;
            case "semiuri":
                m.TryGetRequestUri(out var semi).Should().BeTrue();
                Unescaped(m, semi.User).Should().Be("user;par=u@example.net");
                Text(m, semi.Host).Should().Be("example.com");
                break;
            case "transports":
                Values(m, KnownHeader.Via).Select(v => { ViaValue.TryParse(m.Span, v, out var via).Should().BeTrue(); return Text(m, via.Transport); })
                    .Should().Equal("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");
                break;
            case "mpart01":
                m.Body.Length.Should().Be(553);
                break;
            case "inv2543":
                m.ContentLength.Should().Be(-1);
                m.Body.Length.Should().Be(105);
                break;
            case "unreason":
                m.StatusCode.Should().Be(200);
                Encoding.UTF8.GetString(m[m.ReasonPhraseRange]).Should().Be("= 2**3 * 5**2 но сто девяносто девять - простое");
                break;
            case "noreason":
                m.StatusCode.Should().Be(100);
                m.ReasonPhraseRange.Length.Should().Be(0);
                break;
            case "cparam01":
                var bare = NameAddrs(m, KnownHeader.Contact).Single();
                bare.HasAngleBrackets.Should().BeFalse();
                bare.Uri.Parameters.IsEmpty.Should().BeTrue();
                bare.TryGetParameter(s, "unknownparam"u8, out _).Should().BeTrue();
                break;
            case "cparam02":
                var bracketed = NameAddrs(m, KnownHeader.Contact).Single();
                bracketed.Uri.TryGetParameter(s, "unknownparam"u8, out _).Should().BeTrue();
                bracketed.TryGetParameter(s, "unknownparam"u8, out _).Should().BeFalse();
                break;
            case "regescrt":
                var escaped = NameAddrs(m, KnownHeader.Contact).Single();
                escaped.Uri.HasHeaders.Should().BeTrue();
                Text(m, escaped.Uri.Headers).Should().Be("Route=%3Csip:sip.example.com%3E");
                break;
            case "port-ambiguous":
                m.TryGetRequestUri(out var amb).Should().BeTrue();
                Text(m, amb.Host).Should().Be("2001:db8::10:5070");
                amb.Port.Should().Be(-1);
                break;
            case "port-unambiguous":
                m.TryGetRequestUri(out var unamb).Should().BeTrue();
                Text(m, unamb.Host).Should().Be("2001:db8::10");
                unamb.IsIPv6Reference.Should().BeTrue();
                unamb.Port.Should().Be(5070);
                break;
            case "ipv6-good":
                m.TryGetRequestUri(out var good).Should().BeTrue();
                Text(m, good.Host).Should().Be("2001:db8::10");
                m.TryGetTopVia(out var goodVia).Should().BeTrue();
                goodVia.IsIPv6Reference.Should().BeTrue();
                break;
            case "via-received-param-with-delim":
                m.TryGetTopVia(out var withDelim).Should().BeTrue();
                Text(m, withDelim.Received).Should().Be("[2001:db8::9:255]");
                break;
            case "via-received-param-no-delim":
                m.TryGetTopVia(out var noDelim).Should().BeTrue();
                Text(m, noDelim.Received).Should().Be("2001:db8::9:255");
                break;
            case "mult-ip-in-header":
                var hosts = Values(m, KnownHeader.Via).Select(v => { ViaValue.TryParse(m.Span, v, out var via).Should().BeTrue(); return (Text(m, via.Host), via.Port); });
                hosts.Should().Equal(("2001:db8::9:1", 6050), ("192.0.2.1", -1), ("2001:db8::9:255", -1));
                break;
            case "ipv6-bug-abnf-3-colons":
                m.TryGetRequestUri(out var three).Should().BeTrue();
                Text(m, three.Host).Should().Be("2001:db8:::192.0.2.1");
                break;
            case "ipv6-correct-abnf-2-colons":
                m.TryGetRequestUri(out var two).Should().BeTrue();
                Text(m, two.Host).Should().Be("2001:db8::192.0.2.1");
                break;
            default:
                // every valid message: the basics a proxy reads must be there
                m.Has(KnownHeader.Via).Should().BeTrue();
                break;
        }
    }

    private static List<ByteRange> Values(SipMessage m, KnownHeader id)
    {
        var list = new List<ByteRange>();
        foreach (var v in m.GetValues(id))
        {
            list.Add(v);
        }

        return list;
    }

    private static List<NameAddr> NameAddrs(SipMessage m, KnownHeader id)
    {
        var array = new NameAddr[16];
        var n = m.GetNameAddrs(id, array);
        n.Should().BeGreaterThanOrEqualTo(0);
        return array[..n].ToList();
    }

    private static string Text(SipMessage m, ByteRange r) => Encoding.Latin1.GetString(m[r]);

    private static string Unescaped(SipMessage m, ByteRange r)
    {
        var buffer = new byte[r.Length];
        var n = SipEscaping.Unescape(m[r], buffer);
        return Encoding.Latin1.GetString(buffer, 0, n);
    }

    private static byte[] CorrectContentLength(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? crlf + 4 : text.IndexOf("\n\n", StringComparison.Ordinal) + 2;
        var match = System.Text.RegularExpressions.Regex.Match(text, @"(?m)^Content-Length: (\d+)");
        if (bodyStart < 2 || !match.Success)
        {
            return bytes;
        }

        var actual = bytes.Length - bodyStart;
        if (int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) <= actual)
        {
            return bytes;
        }

        var fixedText = text[..match.Groups[1].Index] + actual.ToString(System.Globalization.CultureInfo.InvariantCulture) + text[(match.Groups[1].Index + match.Groups[1].Length)..];
        return Encoding.Latin1.GetBytes(fixedText);
    }
}
