namespace SipGuard.Sip.Tests.Properties;

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

    public static int Mutate(Random r, byte[] source, byte[] target, int offset)
    {
        var work = new List<byte>(source);
        var count = r.Next(1, 5);
        for (var i = 0; i < count && work.Count > 0; i++)
        {
            var at = r.Next(work.Count);
            switch (r.Next(8))
            {
                case 0:
                    work.RemoveRange(at, work.Count - at);
                    break;
                case 1:
                    work[at] = (byte)r.Next(256);
                    break;
                case 2:
                    work[at] ^= (byte)(1 << r.Next(8));
                    break;
                case 3:
                    work.InsertRange(at, Inserts[r.Next(Inserts.Length)]);
                    break;
                case 4:
                    work.RemoveRange(at, Math.Min(work.Count - at, r.Next(1, 8)));
                    break;
                case 5:
                    var crlf = IndexOfCrlf(work, at);
                    if (crlf >= 0)
                    {
                        if (r.Next(2) == 0)
                        {
                            work.RemoveRange(crlf, 2);
                        }
                        else
                        {
                            work.InsertRange(crlf, "\r\n"u8.ToArray());
                        }
                    }

                    break;
                case 6:
                    var digit = work.FindIndex(at, b => b is >= (byte)'0' and <= (byte)'9');
                    if (digit >= 0)
                    {
                        work.InsertRange(digit, "18446744073709551616"u8.ToArray());
                    }

                    break;
                default:
                    work.Insert(at, (byte)r.Next(256));
                    break;
            }
        }

        var length = Math.Min(work.Count, target.Length - offset - 16);
        work.CopyTo(0, target, offset, length);
        return length;
    }

    private static int IndexOfCrlf(List<byte> bytes, int start)
    {
        for (var i = start; i + 1 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
