using PhoneNumbers;

namespace SipGuard.Policy.Numbering;

/// <summary>
/// A region's numbering plan compiled from libphonenumber's metadata into one <see cref="DigitDfa"/>:
/// every number type's national-number pattern is a tagged branch, and a per-length mask holds the
/// types whose possible lengths include that length. Validity is then exactly libphonenumber's
/// <c>IsValidNumber</c> rule (general pattern and some type's pattern, each with its lengths) at the
/// cost of one walk over the digits. Built once at start-up; libphonenumber stays off the call path.
/// </summary>
internal sealed class NumberingTables
{
    private const ushort GeneralBit = 1 << 15;
    private const int MaxNationalLength = 17;

    private readonly DigitDfa _dfa;
    private readonly ushort[] _lengthMask;

    private NumberingTables(string region, int countryCode, DigitDfa dfa, ushort[] lengthMask)
    {
        Region = region;
        CountryCode = countryCode;
        _dfa = dfa;
        _lengthMask = lengthMask;
        var digits = 0;
        for (var c = countryCode; c > 0; c /= 10)
        {
            digits++;
        }

        CountryCodeLength = digits;
    }

    public string Region { get; }

    public int CountryCode { get; }

    public int CountryCodeLength { get; }

    public int DfaStates => _dfa.StateCount;

    /// <summary>Validity of a national significant number given as digit values 0-9.</summary>
    public bool IsValidNational(ReadOnlySpan<byte> digits)
    {
        var len = digits.Length;
        if ((uint)len > MaxNationalLength || len == 0 || digits[0] == 0)
        {
            // A leading 0 is the trunk prefix, never part of a national significant number here.
            return false;
        }

        var m = _dfa.Match(digits) & _lengthMask[len];
        return (m & GeneralBit) != 0 && (m & ~GeneralBit) != 0;
    }

    /// <summary>Compiles <paramref name="region"/>'s plan; null with an error text when the metadata is unusable.</summary>
    public static NumberingTables? TryCompile(string region, out string? error)
    {
        error = null;
        var metadata = PhoneNumberUtil.GetInstance().GetMetadataForRegion(region);
        if (metadata is null)
        {
            error = $"no numbering plan is known for region '{region}'";
            return null;
        }

        var nfa = new DigitNfa();
        var lengthMask = new ushort[MaxNationalLength + 1];
        var descs = new (PhoneNumberDesc Desc, ushort Bit)[]
        {
            (metadata.GeneralDesc, GeneralBit),
            (metadata.PremiumRate, 1 << 0),
            (metadata.TollFree, 1 << 1),
            (metadata.SharedCost, 1 << 2),
            (metadata.Voip, 1 << 3),
            (metadata.PersonalNumber, 1 << 4),
            (metadata.Pager, 1 << 5),
            (metadata.Uan, 1 << 6),
            (metadata.Voicemail, 1 << 7),
            (metadata.FixedLine, 1 << 8),
            (metadata.Mobile, 1 << 9),
        };

        foreach (var (desc, bit) in descs)
        {
            // A type without a pattern matches nothing (libphonenumber's "NA" descriptions).
            if (desc is null || !desc.HasNationalNumberPattern || desc.NationalNumberPattern.Length == 0)
            {
                continue;
            }

            var failure = nfa.TryAdd(desc.NationalNumberPattern, bit);
            if (failure is not null)
            {
                error = $"cannot compile the {region} pattern '{desc.NationalNumberPattern}': {failure}";
                return null;
            }

            var lengths = desc.PossibleLengthList;
            for (var len = 1; len <= MaxNationalLength; len++)
            {
                if (lengths.Count == 0 || lengths.Contains(len))
                {
                    lengthMask[len] |= bit;
                }
            }
        }

        return new NumberingTables(region, metadata.CountryCode, DigitDfa.Build(nfa), lengthMask);
    }
}
