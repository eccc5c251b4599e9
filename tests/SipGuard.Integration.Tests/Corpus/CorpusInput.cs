using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SipGuard.Conformance.Tests;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>
/// One corpus row as the replay sends it. <see cref="Original"/> is the RFC's message (for RFC 5118
/// with its published Content-Length corrected, as Corpus/README.md says, so the replay measures the
/// proxy and not the RFC's arithmetic); <see cref="Sent"/> is the same bytes with the Call-ID and the
/// top Via branch given a per-row suffix when an earlier row of the pass already used either (RFC 5118's
/// messages share one Call-ID, its LF and CRLF copies are the same messages, and RFC 4475's cparam01,
/// cparam02 and regescrt share a branch): the proxy rightly treats a
/// repeated transaction key as a retransmission. <see cref="Renames"/> maps the suffixed values back.
/// </summary>
internal sealed record CorpusInput(ManifestRow Row, byte[] Original, int OriginalLength, byte[] Sent, bool IsRequest, string? CallId, IReadOnlyList<(string Sent, string Original)> Renames)
{
    public string File => Row.File;

    public static List<CorpusInput> Prepare(IEnumerable<ManifestRow> rows, string pass) => Prepare(rows.Select(r => (r, Read(r))), pass);

    /// <summary>A row's bytes as the corpus has them (RFC 5118's Content-Length corrected).</summary>
    public static byte[] Read(ManifestRow row)
    {
        var bytes = System.IO.File.ReadAllBytes(Path.Combine(ConformanceCorpus.RequireRoot(), row.File));
        return row.File.StartsWith("rfc5118/", StringComparison.Ordinal) ? CorrectContentLength(bytes) : bytes;
    }

    /// <summary>
    /// The row with the tag parameter of its To removed (and the LWS before it, up to the ';'): a
    /// mid-dialog request turned into an initial one, so a proxy that answers the original 481
    /// (a dialog it never record-routed) forwards this one and its bytes can be diffed.
    /// </summary>
    public static (ManifestRow Row, byte[] Bytes) WithoutToTag(ManifestRow row)
    {
        var bytes = Read(row);
        var message = new SipMessage();
        SipParser.Parse(bytes, 0, bytes.Length, SipParserLimits.Default, message).IsError.Should().BeFalse(row.File);
        message.TryGetTo(out var to).Should().BeTrue(row.File);
        to.HasTag.Should().BeTrue(row.File);
        var start = bytes.AsSpan(0, to.Tag.Offset).LastIndexOf((byte)';');
        var variant = bytes[..start].Concat(bytes[to.Tag.End..]).ToArray();
        return (row with { File = row.File + " without its To-tag", Class = "valid", Expect = "accept" }, variant);
    }

    public static List<CorpusInput> Prepare(IEnumerable<(ManifestRow Row, byte[] Original)> rows, string pass)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<CorpusInput>();
        var index = 0;
        foreach (var (row, original) in rows)
        {
            index++;
            var message = new SipMessage();
            var parsed = !SipParser.Parse(original, 0, original.Length, SipParserLimits.Default, message).IsError;
            var length = parsed ? message.Length : original.Length;
            var callId = parsed && message.CallId.Length > 0 ? Text(message, message.CallId) : null;
            var branch = parsed && message.TryGetTopVia(out var via) && via.Branch.Length > 0 ? via.Branch : default;
            var sent = original;
            var renames = new List<(string, string)>();
            // Either one repeated makes a repeat: cparam01, cparam02 and regescrt share a branch.
            var reused = !used.Add("call-id " + callId) | (branch.Length > 0 && !used.Add("branch " + Text(message, branch)));
            if (parsed && message.IsRequest && reused)
            {
                var suffix = $".{pass}{index.ToString("00", CultureInfo.InvariantCulture)}";
                var inserts = new List<(int At, string Text)> { (message.CallId.End, suffix) };
                renames.Add((callId + suffix, callId!));
                if (branch.Length > 0)
                {
                    inserts.Add((branch.End, suffix));
                    renames.Add((Text(message, branch) + suffix, Text(message, branch)));
                }

                var text = Encoding.Latin1.GetString(original);
                foreach (var (at, insert) in inserts.OrderByDescending(i => i.At))
                {
                    text = text.Insert(at, insert);
                }

                sent = Encoding.Latin1.GetBytes(text);
                callId += suffix;
            }

            result.Add(new CorpusInput(row, original, length, sent, parsed ? message.IsRequest : LooksLikeRequest(original), callId, renames));
        }

        return result;
    }

    /// <summary>The Call-ID of a message as text, or null when it does not parse or has none.</summary>
    public static string? CallIdOf(byte[] bytes, int length)
    {
        var message = new SipMessage();
        return !SipParser.Parse(bytes, 0, length, SipParserLimits.Default, message).IsError && message.CallId.Length > 0
            ? Text(message, message.CallId)
            : null;
    }

    public override string ToString() => File;

    private static bool LooksLikeRequest(byte[] bytes) => !bytes.AsSpan().StartsWith("SIP/"u8);

    private static string Text(SipMessage m, ByteRange r) => Encoding.Latin1.GetString(m[r]);

    /// <summary>Lowers a declared Content-Length that is larger than the body to the body's length.</summary>
    private static byte[] CorrectContentLength(byte[] bytes)
    {
        var text = Encoding.Latin1.GetString(bytes);
        var crlf = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var bodyStart = crlf >= 0 ? crlf + 4 : text.IndexOf("\n\n", StringComparison.Ordinal) + 2;
        var match = Regex.Match(text, @"(?m)^Content-Length: (\d+)");
        if (bodyStart < 2 || !match.Success)
        {
            return bytes;
        }

        var actual = bytes.Length - bodyStart;
        if (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) <= actual)
        {
            return bytes;
        }

        var value = match.Groups[1];
        return Encoding.Latin1.GetBytes(text[..value.Index] + actual.ToString(CultureInfo.InvariantCulture) + text[(value.Index + value.Length)..]);
    }
}
