namespace SipGuard.Proxy.Tests.Properties;

/// <summary>Byte-level damage: truncation, flips, CRLF duplication/removal, huge numbers, separators.</summary>
internal static class Mutator
{
    private static readonly byte[][] Inserts =
    [
        "\r\n"u8.ToArray(), "\r\n\r\n"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(),
        ":"u8.ToArray(), ";"u8.ToArray(), ","u8.ToArray(), "\""u8.ToArray(), "\\"u8.ToArray(), "<"u8.ToArray(), ">"u8.ToArray(),
        "["u8.ToArray(), "]"u8.ToArray(), "%"u8.ToArray(), "@"u8.ToArray(), "="u8.ToArray(), "\0"u8.ToArray(),
        "99999999999999999999999999"u8.ToArray(), "-1"u8.ToArray(), "4294967296"u8.ToArray(),
        "\r\nContent-Length: 5\r\n"u8.ToArray(), "\r\nl: 0\r\n"u8.ToArray(), "\r\n v"u8.ToArray(),
    ];

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> at <paramref name="offset"/> and damages it in place.</summary>
    public static int Mutate(Random r, byte[] source, byte[] target, int offset)
    {
        var max = target.Length - offset - 16;
        var n = Math.Min(source.Length, max);
        source.AsSpan(0, n).CopyTo(target.AsSpan(offset));
        var count = r.Next(1, 5);
        for (var i = 0; i < count && n > 0; i++)
        {
            var w = target.AsSpan(offset, max);
            var at = r.Next(n);
            switch (r.Next(8))
            {
                case 0:
                    n = at;
                    break;
                case 1:
                    w[at] = (byte)r.Next(256);
                    break;
                case 2:
                    w[at] ^= (byte)(1 << r.Next(8));
                    break;
                case 3:
                    n = Insert(w, n, at, Inserts[r.Next(Inserts.Length)]);
                    break;
                case 4:
                    n = Remove(w, n, at, Math.Min(n - at, r.Next(1, 8)));
                    break;
                case 5:
                    var crlf = w[at..n].IndexOf("\r\n"u8);
                    if (crlf >= 0)
                    {
                        n = r.Next(2) == 0 ? Remove(w, n, at + crlf, 2) : Insert(w, n, at + crlf, "\r\n"u8);
                    }

                    break;
                case 6:
                    var digit = w[at..n].IndexOfAnyInRange((byte)'0', (byte)'9');
                    if (digit >= 0)
                    {
                        n = Insert(w, n, at + digit, "18446744073709551616"u8);
                    }

                    break;
                default:
                    n = Insert(w, n, at, [(byte)r.Next(256)]);
                    break;
            }
        }

        return n;
    }

    private static int Insert(Span<byte> w, int n, int at, ReadOnlySpan<byte> bytes)
    {
        var room = Math.Min(bytes.Length, w.Length - n);
        w[at..n].CopyTo(w[(at + room)..]);
        bytes[..room].CopyTo(w[at..]);
        return n + room;
    }

    private static int Remove(Span<byte> w, int n, int at, int count)
    {
        w[(at + count)..n].CopyTo(w[at..]);
        return n - count;
    }
}
