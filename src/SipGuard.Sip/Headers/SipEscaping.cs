using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>%HH unescaping into a caller buffer; a '%' not followed by two hex digits stays literal.</summary>
public static class SipEscaping
{
    /// <summary>
    /// Writes the unescaped form of <paramref name="source"/> into <paramref name="destination"/>
    /// (which may be as long as the source) and returns the length. %00 becomes a NUL byte and does
    /// not end the value (RFC 4475 escnull). Returns -1 if the destination is too short.
    /// </summary>
    public static int Unescape(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var w = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (w >= destination.Length)
            {
                return -1;
            }

            var b = source[i];
            if (b == (byte)'%' && i + 2 < source.Length)
            {
                var hi = SipChars.HexValue(source[i + 1]);
                var lo = SipChars.HexValue(source[i + 2]);
                if (hi >= 0 && lo >= 0)
                {
                    destination[w++] = (byte)((hi << 4) | lo);
                    i += 2;
                    continue;
                }
            }

            destination[w++] = b;
        }

        return w;
    }
}
