using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Integration.Tests.Corpus;

/// <summary>
/// Takes back from a forwarded request exactly what RFC 3261 §16.6 lets a proxy add or change, and
/// diffs the rest against the message as the corpus has it: SipGuard's own Via on top, its
/// Record-Route lines, Max-Forwards minus one (or the "Max-Forwards: 70" it adds when there was
/// none), and the received/rport stamp on the caller's top Via (§18.2.1, RFC 3581). Anything else
/// that differs is reported as changed bytes.
/// </summary>
internal static partial class ForwardedBytes
{
    /// <param name="forwarded">The request as the upstream received it.</param>
    /// <param name="input">The corpus row it came from.</param>
    /// <param name="proxyPort">SipGuard's SIP port (its Via and Record-Route name 127.0.0.1 and this port).</param>
    /// <param name="callerPort">The port the row was sent from (the rport value of the stamp).</param>
    /// <returns>Null when the rest is byte-identical; else what differs.</returns>
    public static string? Compare(byte[] forwarded, CorpusInput input, int proxyPort, int callerPort, out int recordRoutes)
    {
        recordRoutes = 0;
        var fm = new SipMessage();
        var error = SipParser.Parse(forwarded, 0, forwarded.Length, SipParserLimits.Default, fm);
        if (error.IsError)
        {
            return $"the forwarded request does not parse: {error}";
        }

        var om = new SipMessage();
        SipParser.Parse(input.Original, 0, input.Original.Length, SipParserLimits.Default, om).IsError.Should().BeFalse(input.File);
        var edits = new List<(int At, int Length, string With)>();
        var ourVia = new Regex($@"^SIP/2\.0/UDP 127\.0\.0\.1:{proxyPort};branch=z9hG4bK[^;,\s]+;rport$");
        var ourRecordRoute = $"<sip:127.0.0.1:{proxyPort};";
        var firstVia = fm.IndexOf(KnownHeader.Via);
        if (firstVia < 0 || !ourVia.IsMatch(Text(fm, fm.Headers[firstVia].Value)))
        {
            return "the top Via line is not SipGuard's";
        }

        edits.Add((fm.Headers[firstVia].Line.Offset, fm.Headers[firstVia].Line.Length, ""));
        for (var i = 0; i < fm.HeaderCount; i++)
        {
            if (fm.Headers[i].Id == KnownHeader.RecordRoute && Text(fm, fm.Headers[i].Value).StartsWith(ourRecordRoute, StringComparison.Ordinal))
            {
                edits.Add((fm.Headers[i].Line.Offset, fm.Headers[i].Line.Length, ""));
                recordRoutes++;
            }
        }

        if (UndoMaxForwards(fm, om, edits) is { } maxForwards)
        {
            return maxForwards;
        }

        UndoStamp(fm, om, callerPort, edits);
        var text = Encoding.Latin1.GetString(forwarded);
        foreach (var (at, length, with) in edits.OrderByDescending(e => e.At))
        {
            text = text.Remove(at, length).Insert(at, with);
        }

        foreach (var (sent, original) in input.Renames)
        {
            text = text.Replace(sent, original, StringComparison.Ordinal);
        }

        return Diff(Encoding.Latin1.GetString(input.Original, 0, input.OriginalLength), text);
    }

    private static string? UndoMaxForwards(SipMessage fm, SipMessage om, List<(int At, int Length, string With)> edits)
    {
        var forwarded = fm.IndexOf(KnownHeader.MaxForwards);
        var original = om.IndexOf(KnownHeader.MaxForwards);
        if (forwarded < 0)
        {
            return "the forwarded request has no Max-Forwards";
        }

        if (original < 0)
        {
            // §16.6 step 3: the proxy adds Max-Forwards 70 where there was none.
            if (Text(fm, fm.Headers[forwarded].Line) != "Max-Forwards: 70\r\n")
            {
                return $"Max-Forwards added as '{Text(fm, fm.Headers[forwarded].Line)}'";
            }

            edits.Add((fm.Headers[forwarded].Line.Offset, fm.Headers[forwarded].Line.Length, ""));
            return null;
        }

        fm.TryGetMaxForwards(out var after);
        om.TryGetMaxForwards(out var before);
        if (after != before - 1)
        {
            return $"Max-Forwards {before} was forwarded as {after}";
        }

        var value = fm.Headers[forwarded].Value;
        edits.Add((value.Offset, value.Length, Text(om, om.Headers[original].Value)));
        return null;
    }

    /// <summary>The caller's top Via as received plus ";received=127.0.0.2" at its end and/or a value for a valueless rport.</summary>
    private static void UndoStamp(SipMessage fm, SipMessage om, int callerPort, List<(int At, int Length, string With)> edits)
    {
        var vias = fm.GetValues(KnownHeader.Via);
        if (!vias.MoveNext() || !vias.MoveNext() || !ViaValue.TryParse(fm.Span, vias.Current, out var forwarded) || !om.TryGetTopVia(out var original))
        {
            return;
        }

        var before = Text(om, original.Whole);
        var after = Text(fm, forwarded.Whole);
        const string Received = ";received=127.0.0.2";
        if (after.EndsWith(Received, StringComparison.Ordinal) && !before.EndsWith(Received, StringComparison.Ordinal))
        {
            after = after[..^Received.Length];
        }

        var rport = ";rport=" + callerPort.ToString(CultureInfo.InvariantCulture);
        var at = after.IndexOf(rport, StringComparison.OrdinalIgnoreCase);
        if (at >= 0 && !before.Contains(rport, StringComparison.OrdinalIgnoreCase))
        {
            after = after.Remove(at + ";rport".Length, rport.Length - ";rport".Length);
        }

        edits.Add((forwarded.Whole.Offset, forwarded.Whole.Length, after));
    }

    private static string? Diff(string expected, string actual)
    {
        if (expected == actual)
        {
            return null;
        }

        var at = 0;
        while (at < expected.Length && at < actual.Length && expected[at] == actual[at])
        {
            at++;
        }

        return $"{expected.Length} bytes sent, {actual.Length} forwarded after removing our edits; first difference at byte {at}: " +
            $"sent «{Escape(expected, at)}» forwarded «{Escape(actual, at)}»";
    }

    private static string Escape(string s, int at)
    {
        var from = Math.Max(0, at - 24);
        var part = s[from..Math.Min(s.Length, at + 40)];
        return EscapeControls().Replace(part, m => $"\\x{(int)m.Value[0]:X2}");
    }

    [GeneratedRegex(@"[\x00-\x1F\x7F-\xFF]")]
    private static partial Regex EscapeControls();

    private static string Text(SipMessage m, ByteRange r) => Encoding.Latin1.GetString(m[r]);
}
