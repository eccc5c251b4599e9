using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>
/// Walks <c>;name[=value]</c> pairs, allowing LWS (incl. folds) around ';' and '=' as RFC 3261
/// header parameters do. Values are tokens, host names, <c>[IPv6]</c> or quoted strings.
/// Sets <see cref="Failed"/> on an empty name, a '=' without value or stray bytes.
/// </summary>
internal ref struct SipParameterReader
{
    private readonly ReadOnlySpan<byte> _s;
    private readonly int _end;
    private int _p;

    public SipParameterReader(ReadOnlySpan<byte> s, int start, int end)
    {
        _s = s;
        _p = start;
        _end = end;
        Failed = false;
    }

    public bool Failed { get; private set; }

    public readonly int Position => _p;

    public bool MoveNext(out ByteRange name, out ByteRange value)
    {
        name = default;
        value = default;
        var p = SipChars.SkipLws(_s, _p, _end);
        if (p >= _end || Failed)
        {
            _p = p;
            return false;
        }

        if (_s[p] != (byte)';')
        {
            return Fail(p);
        }

        p = SipChars.SkipLws(_s, p + 1, _end);
        var n0 = p;
        while (p < _end && !SipChars.IsLws(_s[p]) && _s[p] is not ((byte)';' or (byte)'=' or (byte)',' or (byte)'"' or (byte)'<' or (byte)'>'))
        {
            p++;
        }

        if (p == n0)
        {
            return Fail(p);
        }

        name = ByteRange.FromBounds(n0, p);
        var afterName = p;
        p = SipChars.SkipLws(_s, p, _end);
        if (p < _end && _s[p] == (byte)'=')
        {
            p = SipChars.SkipLws(_s, p + 1, _end);
            if (p < _end && _s[p] == (byte)'"')
            {
                var q = QuotedString.Scan(_s, p, _end);
                if (q < 0)
                {
                    return Fail(p);
                }

                value = ByteRange.FromBounds(p, q);
                p = q;
            }
            else
            {
                var v0 = p;
                while (p < _end && !SipChars.IsLws(_s[p]) && _s[p] is not ((byte)';' or (byte)',' or (byte)'"' or (byte)'<' or (byte)'>' or (byte)'='))
                {
                    p++;
                }

                if (p == v0)
                {
                    return Fail(p);
                }

                value = ByteRange.FromBounds(v0, p);
            }
        }
        else
        {
            p = afterName;
        }

        _p = p;
        return true;
    }

    private bool Fail(int p)
    {
        Failed = true;
        _p = p;
        return false;
    }
}
