using System.Text;

namespace SipGuard.Policy;

/// <summary>
/// A caller number in E.164 form held as digits in a <see cref="ulong"/> plus its digit count, so that
/// comparing, hashing and storing ten million of them costs no strings. The leading '+' is implied.
/// </summary>
public readonly struct E164Number : IEquatable<E164Number>
{
    /// <summary>E.164 allows at most 15 digits.</summary>
    internal const int MaxDigits = 15;

    // 10^15 < 2^50, so the digit count fits above bit 50 and a key is never 0 for a real number.
    private const int LengthShift = 50;
    private const ulong ValueMask = (1UL << LengthShift) - 1;

    private readonly ulong _key;

    private E164Number(ulong key) => _key = key;

    /// <summary>Digits as an integer (leading zeros are carried by <see cref="Length"/>).</summary>
    internal ulong Value => _key & ValueMask;

    /// <summary>Number of digits (0 for <see cref="None"/>).</summary>
    public int Length => (int)(_key >> LengthShift);

    /// <summary>True when there is no number.</summary>
    public bool IsEmpty => _key == 0;

    /// <summary>The absent number.</summary>
    public static E164Number None => default;

    /// <summary>Packed form used as a hash/sort key: digit count above the digits.</summary>
    internal ulong Key => _key;

    internal static E164Number FromKey(ulong key) => new(key);

    /// <summary>Builds a number from its digits and digit count.</summary>
    internal static E164Number Create(ulong value, int length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, MaxDigits);
        return new(((ulong)length << LengthShift) | value);
    }

    /// <summary>Parses ASCII digits (no '+'); false when empty, too long or not all digits.</summary>
    internal static bool TryFromDigits(ReadOnlySpan<byte> digits, out E164Number number)
    {
        number = default;
        if (digits.IsEmpty || digits.Length > MaxDigits)
        {
            return false;
        }

        ulong v = 0;
        foreach (var b in digits)
        {
            var d = (uint)(b - '0');
            if (d > 9)
            {
                return false;
            }

            v = (v * 10) + d;
        }

        number = new(((ulong)digits.Length << LengthShift) | v);
        return true;
    }

    /// <summary>Parses "+8613800138000" (the '+' is optional). Convenience for config and tests.</summary>
    public static bool TryParse(string text, out E164Number number)
    {
        Span<byte> buf = stackalloc byte[MaxDigits + 1];
        number = default;
        var s = text.AsSpan();
        if (s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (s.Length > MaxDigits)
        {
            return false;
        }

        for (var i = 0; i < s.Length; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }

            buf[i] = (byte)s[i];
        }

        return TryFromDigits(buf[..s.Length], out number);
    }

    /// <summary>Writes the ASCII digits (without '+') into <paramref name="destination"/>.</summary>
    internal int WriteDigits(Span<byte> destination)
    {
        var len = Length;
        var v = Value;
        for (var i = len - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (int)(v % 10));
            v /= 10;
        }

        return len;
    }

    /// <summary>The digit at <paramref name="index"/> (0 = first).</summary>
    internal int DigitAt(int index)
    {
        var v = Value;
        for (var i = Length - 1; i > index; i--)
        {
            v /= 10;
        }

        return (int)(v % 10);
    }

    /// <summary>True when the number starts with the given digits (e.g. a country code).</summary>
    internal bool StartsWith(ulong prefixValue, int prefixLength)
    {
        var len = Length;
        if (prefixLength > len)
        {
            return false;
        }

        var v = Value;
        for (var i = len - prefixLength; i > 0; i--)
        {
            v /= 10;
        }

        return v == prefixValue;
    }

    /// <summary>Writes "+digits" as UTF-8; false when the destination is too small. Allocation free.</summary>
    public bool TryFormat(Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (IsEmpty || destination.Length < Length + 1)
        {
            return false;
        }

        destination[0] = (byte)'+';
        bytesWritten = 1 + WriteDigits(destination[1..]);
        return true;
    }

    /// <summary>Writes "+digits" as UTF-16; false when the destination is too small. Allocation free.</summary>
    public bool TryFormat(Span<char> destination, out int charsWritten)
    {
        Span<byte> tmp = stackalloc byte[MaxDigits + 1];
        charsWritten = 0;
        if (!TryFormat(tmp, out var n) || destination.Length < n)
        {
            return false;
        }

        for (var i = 0; i < n; i++)
        {
            destination[i] = (char)tmp[i];
        }

        charsWritten = n;
        return true;
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return string.Empty;
        }

        Span<byte> tmp = stackalloc byte[MaxDigits + 1];
        TryFormat(tmp, out var n);
        return Encoding.ASCII.GetString(tmp[..n]);
    }

    /// <inheritdoc/>
    public bool Equals(E164Number other) => _key == other._key;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is E164Number other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _key.GetHashCode();

    /// <summary>Same number.</summary>
    public static bool operator ==(E164Number left, E164Number right) => left.Equals(right);

    /// <summary>Different numbers.</summary>
    public static bool operator !=(E164Number left, E164Number right) => !left.Equals(right);
}
