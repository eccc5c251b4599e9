using SipGuard.Sip.Messages;

namespace SipGuard.Proxy.Transactions;

/// <summary>Writes the two requests a proxy originates for an INVITE it forwarded: CANCEL and the ACK for a non-2xx.</summary>
internal static class HopByHopRequest
{
    public static int WriteCancel(SipMessage invite, Span<byte> destination)
    {
        var writer = new LineWriter(destination);
        writer.RequestLine("CANCEL"u8, invite.RequestUriBytes);
        CopyCommon(invite, ref writer, toFrom: invite);
        writer.CSeq(invite, "CANCEL"u8);
        writer.Line("Max-Forwards"u8, "70"u8);
        writer.Line("Content-Length"u8, "0"u8);
        return writer.Finish();
    }

    public static int WriteAck(SipMessage invite, SipMessage response, Span<byte> destination)
    {
        var writer = new LineWriter(destination);
        writer.RequestLine("ACK"u8, invite.RequestUriBytes);
        CopyCommon(invite, ref writer, toFrom: response);
        writer.CSeq(invite, "ACK"u8);
        writer.Line("Max-Forwards"u8, "70"u8);
        writer.Line("Content-Length"u8, "0"u8);
        return writer.Finish();
    }

    /// <summary>Top Via and Route from the INVITE; From and Call-ID from it too; To from <paramref name="toFrom"/> (the response's, with its tag, for an ACK).</summary>
    private static void CopyCommon(SipMessage invite, ref LineWriter writer, SipMessage toFrom)
    {
        var vias = invite.GetValues(KnownHeader.Via);
        if (vias.MoveNext())
        {
            writer.Line("Via"u8, invite[vias.Current]);
        }

        foreach (var header in invite.Headers)
        {
            if (header.Id == KnownHeader.Route)
            {
                writer.Line("Route"u8, invite[header.Value]);
            }
        }

        if (invite.TryGetValue(KnownHeader.From, out var from))
        {
            writer.Line("From"u8, invite[from]);
        }

        if (toFrom.TryGetValue(KnownHeader.To, out var to))
        {
            writer.Line("To"u8, toFrom[to]);
        }

        writer.Line("Call-ID"u8, invite[invite.CallId]);
    }

    private ref struct LineWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;
        private int _written;
        private bool _overflow;

        public void RequestLine(ReadOnlySpan<byte> method, ReadOnlySpan<byte> uri)
        {
            Append(method);
            Append(" "u8);
            Append(uri);
            Append(" SIP/2.0\r\n"u8);
        }

        public void Line(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
        {
            Append(name);
            Append(": "u8);
            Append(value);
            Append("\r\n"u8);
        }

        public void CSeq(SipMessage invite, ReadOnlySpan<byte> method)
        {
            Span<byte> number = stackalloc byte[12];
            var n = 0;
            if (invite.TryGetCSeq(out var cseq))
            {
                cseq.Number.TryFormat(number, out n);
            }

            Append("CSeq: "u8);
            Append(number[..n]);
            Append(" "u8);
            Append(method);
            Append("\r\n"u8);
        }

        public int Finish()
        {
            Append("\r\n"u8);
            return _overflow ? 0 : _written;
        }

        private void Append(scoped ReadOnlySpan<byte> bytes)
        {
            if (_overflow || _written + bytes.Length > _destination.Length)
            {
                _overflow = true;
                return;
            }

            bytes.CopyTo(_destination[_written..]);
            _written += bytes.Length;
        }
    }
}
