using System.Text;
using SipGuard.Policy.Numbering;

namespace SipGuard.Policy.NumberSets;

/// <summary>
/// Parses one number-set entry (config value or list-file line, as UTF-8): an exact number in E.164 or
/// a national form, a prefix ending in <c>*</c>, or an inclusive range <c>low..high</c> of equal length.
/// Errors are returned as text, never thrown.
/// </summary>
internal static class NumberPatternParser
{
    public static bool TryParse(NumberingPlan plan, string text, out NumberPattern pattern, out string? error)
    {
        Span<byte> buf = stackalloc byte[128];
        if (Encoding.UTF8.GetMaxByteCount(text.Length) > buf.Length && Encoding.UTF8.GetByteCount(text) > buf.Length)
        {
            pattern = default;
            error = "entry is too long";
            return false;
        }

        var n = Encoding.UTF8.GetBytes(text, buf);
        return TryParse(plan, buf[..n], out pattern, out error);
    }

    public static bool TryParse(NumberingPlan plan, ReadOnlySpan<byte> text, out NumberPattern pattern, out string? error)
    {
        pattern = default;
        text = text.Trim(" \t"u8);
        if (text.IsEmpty)
        {
            error = "empty entry";
            return false;
        }

        var dots = text.IndexOf(".."u8);
        if (dots >= 0)
        {
            if (!TryExact(plan, text[..dots], out var lo, out error) || !TryExact(plan, text[(dots + 2)..], out var hi, out error))
            {
                error = "range: " + error;
                return false;
            }

            if (lo.Length != hi.Length)
            {
                error = $"range ends differ in length ({lo} has {lo.Length} digits, {hi} has {hi.Length})";
                return false;
            }

            if (lo.Value > hi.Value)
            {
                error = $"range is reversed ({lo} > {hi})";
                return false;
            }

            pattern = new NumberPattern(NumberPatternKind.Range, lo, hi);
            return true;
        }

        if (text[^1] == '*')
        {
            if (!TryPrefix(plan, text[..^1], out var prefix, out error))
            {
                return false;
            }

            pattern = new NumberPattern(NumberPatternKind.Prefix, prefix, prefix);
            return true;
        }

        if (!TryExact(plan, text, out var number, out error))
        {
            return false;
        }

        pattern = new NumberPattern(NumberPatternKind.Exact, number, number);
        return true;
    }

    /// <summary>Fast path for list files: "+digits" needs no normalisation.</summary>
    public static bool TryParseFast(ReadOnlySpan<byte> text, out E164Number number)
    {
        number = default;
        return text.Length > 1 && text[0] == '+' && E164Number.TryFromDigits(text[1..], out number);
    }

    private static bool TryExact(NumberingPlan plan, ReadOnlySpan<byte> text, out E164Number number, out string? error)
    {
        text = text.Trim(" \t"u8);
        var r = plan.Normalize(text, default);
        number = r.Number;
        if (r.Anomalies != NumberAnomaly.None)
        {
            error = $"'{Encoding.UTF8.GetString(text)}' is not a usable number ({r.Anomalies})";
            return false;
        }

        if (r.Number.IsEmpty)
        {
            error = $"'{Encoding.UTF8.GetString(text)}' is not a number";
            return false;
        }

        if (number.Length < plan.Tables.CountryCodeLength + 3)
        {
            // "+86" or "0086" alone: nothing a caller could present.
            error = $"'{Encoding.UTF8.GetString(text)}' is too short to be a number";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryPrefix(NumberingPlan plan, ReadOnlySpan<byte> text, out E164Number prefix, out string? error)
    {
        prefix = default;
        Span<byte> digits = stackalloc byte[E164Number.MaxDigits + 4];
        var n = 0;
        var plus = false;
        foreach (var b in text.Trim(" \t"u8))
        {
            if ((uint)(b - '0') <= 9)
            {
                if (n == digits.Length)
                {
                    error = "prefix is too long";
                    return false;
                }

                digits[n++] = b;
            }
            else if (b == '+' && n == 0 && !plus)
            {
                plus = true;
            }
            else if (b is not ((byte)'-' or (byte)'.' or (byte)' '))
            {
                error = $"'{Encoding.UTF8.GetString(text)}*' is not a number prefix";
                return false;
            }
        }

        ReadOnlySpan<byte> d = digits[..n];
        var cc = plan.CountryCode;
        ulong value;
        int len;
        if (plus || (d.Length > 2 && d[0] == '0' && d[1] == '0'))
        {
            // A prefix cannot be judged as a whole number, so "86…" without '+' stays national here.
            d = plus ? d : d[2..];
            value = 0;
            len = 0;
        }
        else
        {
            if (d.Length > 0 && d[0] == '0')
            {
                d = d[1..];
            }

            value = (ulong)cc;
            len = plan.Tables.CountryCodeLength;
        }

        if (d.IsEmpty)
        {
            error = $"'{Encoding.UTF8.GetString(text)}*' has no digits";
            return false;
        }

        if (len + d.Length > E164Number.MaxDigits)
        {
            error = "prefix is too long";
            return false;
        }

        foreach (var b in d)
        {
            value = (value * 10) + (ulong)(b - '0');
        }

        prefix = E164Number.Create(value, len + d.Length);
        error = null;
        return true;
    }
}
