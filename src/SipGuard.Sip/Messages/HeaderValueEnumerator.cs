using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Messages;

/// <summary>
/// Enumerates the comma-separated values of every line of one header, in order (repeated lines
/// and comma lists are the same thing, RFC 3261 7.3.1). Commas inside quoted strings and inside
/// &lt;&gt; do not split. Empty elements are returned as empty ranges so validators can reject them.
/// </summary>
public struct HeaderValueEnumerator
{
    private readonly SipMessage _message;
    private readonly KnownHeader _id;
    private int _headerIndex;
    private int _pos;
    private int _end;

    internal HeaderValueEnumerator(SipMessage message, KnownHeader id)
    {
        _message = message;
        _id = id;
        _headerIndex = -1;
        _pos = 0;
        _end = -1;
        Current = default;
        CurrentHeaderIndex = -1;
    }

    public ByteRange Current { get; private set; }

    /// <summary>Index (into <see cref="SipMessage.Headers"/>) of the line holding <see cref="Current"/>.</summary>
    public int CurrentHeaderIndex { get; private set; }

    public readonly HeaderValueEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var s = _message.Span;
        if (_end < 0 || _pos > _end)
        {
            _headerIndex = _message.IndexOf(_id, _headerIndex + 1);
            if (_headerIndex < 0)
            {
                return false;
            }

            var value = _message.Headers[_headerIndex].Value;
            _pos = value.Offset;
            _end = value.End;
        }

        var start = _pos;
        var p = _pos;
        var angle = false;
        while (p < _end)
        {
            var b = s[p];
            if (b == (byte)'"')
            {
                var q = Headers.QuotedString.Scan(s, p, _end);
                p = q < 0 ? _end : q;
                continue;
            }

            if (b == (byte)'<')
            {
                angle = true;
            }
            else if (b == (byte)'>')
            {
                angle = false;
            }
            else if (b == (byte)',' && !angle)
            {
                break;
            }

            p++;
        }

        var e = SipChars.TrimLwsEnd(s, start, p);
        var b0 = SipChars.SkipLws(s, start, e);
        Current = ByteRange.FromBounds(b0, e);
        CurrentHeaderIndex = _headerIndex;

        // p == _end means this line is done; p + 1 > _end then moves to the next line.
        _pos = p + 1;
        return true;
    }
}
