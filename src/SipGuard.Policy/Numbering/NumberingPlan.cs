using SipGuard.Policy.NumberSets;

namespace SipGuard.Policy.Numbering;

/// <summary>
/// Normalises caller user parts to E.164 for the configured country and judges their validity:
/// the compiled national plan, or an explicitly configured service number. Allocation free.
/// </summary>
internal sealed class NumberingPlan
{
    // A user part longer than this is not a phone number anyone dials; it is flagged, not scanned further.
    private const int MaxUserPart = 64;
    private const int MaxDigitsScanned = 32;
    private const int MinDigitsAfterAccessPrefix = 7;

    private readonly NumberingTables _tables;
    private readonly byte[][] _ipAccessPrefixes;
    private readonly byte[] _countryCodeDigits;

    private static readonly NormalizedNumber Unreadable = new(E164Number.None, NumberForm.NotANumber, NumberAnomaly.Unreadable);

    public NumberingPlan(NumberingTables tables, NumberSet serviceNumbers, byte[][] ipAccessPrefixes)
    {
        _tables = tables;
        ServiceNumbers = serviceNumbers;
        _ipAccessPrefixes = ipAccessPrefixes;
        _countryCodeDigits = System.Text.Encoding.ASCII.GetBytes(tables.CountryCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public NumberingTables Tables => _tables;

    public NumberSet ServiceNumbers { get; }

    public int CountryCode => _tables.CountryCode;

    /// <summary>True when the number belongs to the configured country (domestic).</summary>
    public bool IsDomestic(E164Number number) => number.StartsWith((ulong)_tables.CountryCode, _tables.CountryCodeLength);

    /// <summary>
    /// Valid in the numbering plan: a domestic number must be valid in the compiled plan or be a
    /// configured service number. Foreign numbers are only checked for E.164 shape (a country code
    /// never starts with 0): the plans of other countries are not compiled.
    /// </summary>
    public bool IsValid(E164Number number)
    {
        if (number.IsEmpty)
        {
            return false;
        }

        if (IsDomestic(number))
        {
            return IsPlanValid(number) || ServiceNumbers.Contains(number);
        }

        return number.DigitAt(0) != 0 && number.Length >= 7;
    }

    /// <summary>The libphonenumber-equivalent verdict for a domestic number (no service numbers).</summary>
    public bool IsPlanValid(E164Number number)
    {
        var ccLen = _tables.CountryCodeLength;
        var len = number.Length - ccLen;
        if (len <= 0 || !IsDomestic(number))
        {
            return false;
        }

        Span<byte> digits = stackalloc byte[E164Number.MaxDigits];
        var v = number.Value;
        for (var i = len - 1; i >= 0; i--)
        {
            digits[i] = (byte)(v % 10);
            v /= 10;
        }

        return _tables.IsValidNational(digits[..len]);
    }

    /// <summary>
    /// Normalises a user part as received (still %-escaped; tel visual separators allowed; an embedded
    /// <c>;phone-context=</c> is honoured) with an optional separate phone-context.
    /// </summary>
    public NormalizedNumber Normalize(ReadOnlySpan<byte> userPart, ReadOnlySpan<byte> phoneContext)
    {
        if (userPart.IsEmpty)
        {
            return default;
        }

        if (userPart.Length > MaxUserPart)
        {
            return new NormalizedNumber(E164Number.None, NumberForm.NotANumber, NumberAnomaly.Malformed);
        }

        var semi = userPart.IndexOf((byte)';');
        if (semi >= 0)
        {
            if (phoneContext.IsEmpty)
            {
                phoneContext = FindPhoneContext(userPart[(semi + 1)..]);
            }

            userPart = userPart[..semi];
        }

        Span<byte> digits = stackalloc byte[MaxDigitsScanned];
        var n = 0;
        var plus = false;
        var name = false;
        for (var i = 0; i < userPart.Length; i++)
        {
            int c = userPart[i];
            var escaped = false;
            if (c == '%')
            {
                if (i + 2 >= userPart.Length || !TryHex(userPart[i + 1], userPart[i + 2], out c))
                {
                    return new NormalizedNumber(E164Number.None, NumberForm.NotANumber, NumberAnomaly.Malformed);
                }

                i += 2;
                escaped = true;
            }

            if ((uint)(c - '0') <= 9)
            {
                if (n == digits.Length)
                {
                    return new NormalizedNumber(E164Number.None, NumberForm.NotANumber, NumberAnomaly.TooLong);
                }

                digits[n++] = (byte)c;
            }
            else if (c == '+' && n == 0 && !plus)
            {
                plus = true;
            }
            else if (c is '-' or '.' or '(' or ')' or ' ')
            {
                // RFC 3966 visual separators carry no meaning.
            }
            else if (escaped || c is '#' or '*' or '+' || c < 0x20 || c >= 0x7F)
            {
                // Dial-string characters, a second '+', control bytes, %-escaped non-digits and
                // anything outside ASCII (full-width or Arabic-Indic digits): a callee's phone may
                // still show digits from it, so it is unreadable rather than "no number".
                return Unreadable;
            }
            else
            {
                name = true; // letters: "anonymous", "alice", … present no number
            }
        }

        if (name || n == 0)
        {
            // A name with digits in it ("+8613912345678x") or a lone '+' is not a name either.
            return n > 0 || plus ? Unreadable : default;
        }

        return NormalizeDigits(digits[..n], plus, phoneContext);
    }

    /// <summary>Digits (ASCII) of a user part already stripped of separators.</summary>
    internal NormalizedNumber NormalizeDigits(ReadOnlySpan<byte> digits, bool plus, ReadOnlySpan<byte> phoneContext)
    {
        if (plus)
        {
            return International(digits, NumberForm.International, NumberAnomaly.None);
        }

        var anomalies = NumberAnomaly.None;
        if (!phoneContext.IsEmpty)
        {
            if (phoneContext[0] == '+')
            {
                Span<byte> combined = stackalloc byte[MaxDigitsScanned * 2];
                var c = 0;
                var global = true;
                foreach (var b in phoneContext[1..])
                {
                    if ((uint)(b - '0') <= 9)
                    {
                        combined[c++] = b;
                        if (c == MaxDigitsScanned)
                        {
                            break;
                        }
                    }
                    else if (b is not ((byte)'-' or (byte)'.' or (byte)'(' or (byte)')'))
                    {
                        global = false;
                        break;
                    }
                }

                if (global && c > 0)
                {
                    if (combined[..c].SequenceEqual(_countryCodeDigits))
                    {
                        // phone-context=+86: the local part is written in national form.
                        var r = National(digits, NumberAnomaly.None);
                        return r.Form is NumberForm.National or NumberForm.NationalSignificant ? r with { Form = NumberForm.PhoneContext } : r;
                    }

                    digits.CopyTo(combined[c..]);
                    return International(combined[..(c + digits.Length)], NumberForm.PhoneContext, NumberAnomaly.None);
                }

                anomalies |= NumberAnomaly.UnknownPhoneContext;
            }
            else
            {
                anomalies |= NumberAnomaly.UnknownPhoneContext;
            }
        }

        return National(digits, anomalies);
    }

    private NormalizedNumber National(ReadOnlySpan<byte> digits, NumberAnomaly anomalies)
    {
        if (digits.Length > 2 && digits[0] == '0' && digits[1] == '0')
        {
            return International(digits[2..], NumberForm.InternationalPrefix, anomalies);
        }

        foreach (var prefix in _ipAccessPrefixes)
        {
            if (digits.Length - prefix.Length >= MinDigitsAfterAccessPrefix && digits.StartsWith(prefix)
                && !IsValid(Domestic(digits)))
            {
                // Flag, then show what number sat behind the prefix (for explain/evidence).
                anomalies |= NumberAnomaly.IpAccessPrefix;
                digits = digits[prefix.Length..];
                break;
            }
        }

        if (digits[0] == '0')
        {
            var nsn = digits[1..];
            if (nsn.IsEmpty)
            {
                return new NormalizedNumber(E164Number.None, NumberForm.NotANumber, anomalies);
            }

            return Build(Domestic(nsn), NumberForm.National, anomalies, nsn.Length);
        }

        var cc = _countryCodeDigits;
        if (digits.Length > cc.Length + 4 && digits.StartsWith(cc))
        {
            // "86…": a country code only when that reading is valid and the national reading is not.
            var asInternational = Domestic(digits[cc.Length..]);
            if (IsValid(asInternational) && !IsValid(Domestic(digits)))
            {
                return Build(asInternational, NumberForm.CountryCodeWithoutPlus, anomalies, digits.Length - cc.Length);
            }
        }

        return Build(Domestic(digits), NumberForm.NationalSignificant, anomalies, digits.Length);
    }

    private NormalizedNumber Build(E164Number number, NumberForm form, NumberAnomaly anomalies, int nsnLength)
    {
        if (number.IsEmpty || nsnLength + _tables.CountryCodeLength > E164Number.MaxDigits)
        {
            return new NormalizedNumber(E164Number.None, form, anomalies | NumberAnomaly.TooLong);
        }

        return new NormalizedNumber(number, form, anomalies);
    }

    private NormalizedNumber International(ReadOnlySpan<byte> digits, NumberForm form, NumberAnomaly anomalies)
    {
        if (digits.IsEmpty)
        {
            return new NormalizedNumber(E164Number.None, NumberForm.NotANumber, anomalies);
        }

        if (!E164Number.TryFromDigits(digits, out var number))
        {
            return new NormalizedNumber(E164Number.None, form, anomalies | NumberAnomaly.TooLong);
        }

        var cc = _countryCodeDigits;
        if (digits.Length > cc.Length && digits.StartsWith(cc) && digits[cc.Length] == '0')
        {
            anomalies |= NumberAnomaly.NationalPrefixAfterCountryCode;
        }

        return new NormalizedNumber(number, form, anomalies);
    }

    /// <summary>Country code + national significant digits (ASCII); None when too long.</summary>
    private E164Number Domestic(ReadOnlySpan<byte> nsn)
    {
        var len = nsn.Length + _tables.CountryCodeLength;
        if (len > E164Number.MaxDigits)
        {
            return E164Number.None;
        }

        var v = (ulong)_tables.CountryCode;
        foreach (var b in nsn)
        {
            v = (v * 10) + (ulong)(b - '0');
        }

        return E164Number.Create(v, len);
    }

    private static ReadOnlySpan<byte> FindPhoneContext(ReadOnlySpan<byte> parameters)
    {
        ReadOnlySpan<byte> name = "phone-context="u8;
        while (!parameters.IsEmpty)
        {
            var end = parameters.IndexOf((byte)';');
            var p = end < 0 ? parameters : parameters[..end];
            if (p.Length > name.Length && System.Text.Ascii.EqualsIgnoreCase(p[..name.Length], name))
            {
                return p[name.Length..];
            }

            parameters = end < 0 ? default : parameters[(end + 1)..];
        }

        return default;
    }

    private static bool TryHex(byte hi, byte lo, out int value)
    {
        var h = HexValue(hi);
        var l = HexValue(lo);
        value = (h << 4) | l;
        return h >= 0 && l >= 0;
    }

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };
}
