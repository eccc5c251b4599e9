using PhoneNumbers;
using SipGuard.Policy.Numbering;

namespace SipGuard.Policy.Tests.Numbering;

public sealed class NumberingTablesComparisonTests
{
    private static readonly string[] PlausibleStarts =
    [
        "13", "14", "15", "16", "17", "18", "19", "10", "20", "21", "22", "23", "24", "25", "27", "28", "29",
        "31", "35", "37", "43", "45", "51", "53", "57", "59", "66", "71", "75", "76", "79", "85", "86", "87",
        "89", "91", "95", "96", "97", "99", "400", "800", "1010", "1096", "950", "160", "168", "1740", "1610",
    ];

    [Fact]
    public void Compiled_table_agrees_with_libphonenumber_IsValidNumber_on_a_million_generated_CN_numbers()
    {
        var tables = NumberingTables.TryCompile("CN", out var error);
        error.Should().BeNull();
        var util = PhoneNumberUtil.GetInstance();
        var random = new Random(20151101);
        Span<byte> digits = stackalloc byte[20];
        int valid = 0, invalid = 0;
        var disagreements = new List<string>();
        for (var i = 0; i < 1_000_000; i++)
        {
            var len = random.Next(3) == 0 ? 11 : random.Next(5, 14);
            var start = PlausibleStarts[random.Next(PlausibleStarts.Length)];
            var n = 0;
            // Mostly plausible prefixes so both verdicts occur often; one in five fully random.
            if (random.Next(5) != 0)
            {
                foreach (var c in start)
                {
                    if (n < len)
                    {
                        digits[n++] = (byte)(c - '0');
                    }
                }
            }
            else
            {
                digits[n++] = (byte)random.Next(1, 10);
            }

            while (n < len)
            {
                digits[n++] = (byte)random.Next(10);
            }

            ulong nsn = 0;
            foreach (var d in digits[..len])
            {
                nsn = (nsn * 10) + d;
            }

            var ours = tables!.IsValidNational(digits[..len]);
            var theirs = util.IsValidNumber(new PhoneNumber.Builder().SetCountryCode(86).SetNationalNumber(nsn).Build());
            if (theirs)
            {
                valid++;
            }
            else
            {
                invalid++;
            }

            if (ours != theirs && disagreements.Count < 20)
            {
                disagreements.Add($"+86{nsn} ours={ours} libphonenumber={theirs}");
            }
        }

        disagreements.Should().BeEmpty();
        valid.Should().BeGreaterThan(100_000);
        invalid.Should().BeGreaterThan(100_000);
    }
}
