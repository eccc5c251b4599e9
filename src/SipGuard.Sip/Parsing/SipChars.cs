using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace SipGuard.Sip.Parsing;

/// <summary>Byte classes and small scanning helpers shared by the parsers (no allocation, no strings).</summary>
internal static class SipChars
{
    /// <summary>RFC 3261 token characters.</summary>
    public static readonly SearchValues<byte> Token =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    public static readonly SearchValues<byte> Digits = SearchValues.Create("0123456789"u8);

    /// <summary>Bytes that end a list element or need a state change while splitting comma lists.</summary>
    public static readonly SearchValues<byte> ListSpecials = SearchValues.Create("\",<>\\"u8);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsLws(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsWsp(byte b) => b is (byte)' ' or (byte)'\t';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsAlpha(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsTokenChar(byte b) => Token.Contains(b);

    public static int SkipLws(ReadOnlySpan<byte> s, int p, int end)
    {
        while (p < end && IsLws(s[p]))
        {
            p++;
        }

        return p;
    }

    public static int TrimLwsEnd(ReadOnlySpan<byte> s, int start, int end)
    {
        while (end > start && IsLws(s[end - 1]))
        {
            end--;
        }

        return end;
    }

    public static int SkipToken(ReadOnlySpan<byte> s, int p, int end)
    {
        var rest = s[p..end].IndexOfAnyExcept(Token);
        return rest < 0 ? end : p + rest;
    }

    /// <summary>
    /// Compares <paramref name="s"/> with an all-lowercase ASCII literal, folding the input with
    /// <c>| 0x20</c>. Only valid for literals made of letters, digits and '-' and for input already
    /// known to be token characters (folding cannot then make a non-letter equal a letter).
    /// </summary>
    public static bool EqualsLower(ReadOnlySpan<byte> s, ReadOnlySpan<byte> lower)
    {
        if (s.Length != lower.Length)
        {
            return false;
        }

        var i = 0;
        for (; i + 8 <= s.Length; i += 8)
        {
            if ((BinaryPrimitives.ReadUInt64LittleEndian(s[i..]) | 0x2020202020202020UL) != BinaryPrimitives.ReadUInt64LittleEndian(lower[i..]))
            {
                return false;
            }
        }

        if (i + 4 <= s.Length)
        {
            if ((BinaryPrimitives.ReadUInt32LittleEndian(s[i..]) | 0x20202020U) != BinaryPrimitives.ReadUInt32LittleEndian(lower[i..]))
            {
                return false;
            }

            i += 4;
        }

        for (; i < s.Length; i++)
        {
            if ((s[i] | 0x20) != lower[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Case-insensitive ASCII compare for arbitrary bytes (parameter names, tokens).</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) => System.Text.Ascii.EqualsIgnoreCase(a, b);

    /// <summary>Parses unsigned decimal digits; false on empty input, a non-digit or a value above <paramref name="max"/>.</summary>
    public static bool TryParseUInt(ReadOnlySpan<byte> s, ulong max, out ulong value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return false;
        }

        foreach (var b in s)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            // Leading zeros are legal (wsinv's 0068), so overflow is checked on the value, not the digit count.
            value = (value * 10) + d;
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    public static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
