namespace SipGuard.Sip.Headers;

/// <summary>quoted-string scanning: a backslash escapes any byte, NUL and DEL included (RFC 4475 intmeth).</summary>
internal static class QuotedString
{
    /// <summary>Returns the index just past the closing quote of the string starting at <paramref name="start"/>, or -1.</summary>
    public static int Scan(ReadOnlySpan<byte> s, int start, int end)
    {
        var p = start + 1;
        while (p < end)
        {
            var b = s[p];
            if (b == (byte)'\\')
            {
                p += 2;
                continue;
            }

            if (b == (byte)'"')
            {
                return p + 1;
            }

            p++;
        }

        return -1;
    }

    /// <summary>Copies the content of a quoted string without quotes and with quoted-pairs resolved; -1 if too short.</summary>
    public static int Unquote(ReadOnlySpan<byte> quoted, Span<byte> destination)
    {
        if (quoted.Length < 2 || quoted[0] != (byte)'"')
        {
            if (quoted.Length > destination.Length)
            {
                return -1;
            }

            quoted.CopyTo(destination);
            return quoted.Length;
        }

        var w = 0;
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var b = quoted[i];
            if (b == (byte)'\\' && i + 1 < quoted.Length - 1)
            {
                b = quoted[++i];
            }

            if (w >= destination.Length)
            {
                return -1;
            }

            destination[w++] = b;
        }

        return w;
    }
}
