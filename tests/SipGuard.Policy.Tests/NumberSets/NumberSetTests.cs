using SipGuard.Policy.NumberSets;

namespace SipGuard.Policy.Tests.NumberSets;

public sealed class NumberSetTests
{
    private static E164Number N(string s) => E164Number.TryParse(s, out var n) ? n : throw new ArgumentException(s);

    private static NumberSet Build(params (NumberPatternKind Kind, string Lo, string Hi)[] entries)
    {
        var b = new NumberSetBuilder();
        foreach (var (k, lo, hi) in entries)
        {
            b.Add(new NumberPattern(k, N(lo), N(hi)));
        }

        return b.Build();
    }

    [Theory]
    [InlineData("+861066022236", true)]
    [InlineData("+861066032236", false)]
    [InlineData("+86106602", true)]
    [InlineData("+8610660299999", true)]
    [InlineData("+8610660", false)]
    [InlineData("+8675526030000", true)]
    [InlineData("+8675526039999", true)]
    [InlineData("+8675526029999", false)]
    [InlineData("+8675526040000", false)]
    [InlineData("+867552603000", false)]
    public void Exact_prefix_and_range_membership_at_the_edges(string number, bool expected)
    {
        var set = Build(
            (NumberPatternKind.Exact, "+861066022236", "+861066022236"),
            (NumberPatternKind.Prefix, "+86106602", "+86106602"),
            (NumberPatternKind.Range, "+8675526030000", "+8675526039999"));

        set.Contains(N(number)).Should().Be(expected);
    }

    [Fact]
    public void Overlapping_ranges_merge_and_keep_their_union()
    {
        var set = Build(
            (NumberPatternKind.Range, "+8613800000000", "+8613800000500"),
            (NumberPatternKind.Range, "+8613800000400", "+8613800000900"),
            (NumberPatternKind.Range, "+8613800000901", "+8613800000910"));

        set.RangeCount.Should().Be(1);
        set.Contains(N("+8613800000910")).Should().BeTrue();
        set.Contains(N("+8613800000911")).Should().BeFalse();
    }

    [Fact]
    public void Exact_table_holds_many_numbers_in_under_16_bytes_each()
    {
        var b = new NumberSetBuilder(100_000);
        for (var i = 0; i < 100_000; i++)
        {
            b.AddExact(E164Number.Create(8613000000000UL + ((ulong)i * 7919), 13));
        }

        var set = b.Build();

        set.ExactCount.Should().Be(100_000);
        ((double)set.AllocatedBytes / set.ExactCount).Should().BeLessThanOrEqualTo(16);
        set.Contains(E164Number.Create(8613000000000UL + (99_999UL * 7919), 13)).Should().BeTrue();
        set.Contains(E164Number.Create(8613000000001UL, 13)).Should().BeFalse();
    }

    [Fact]
    public void Numbers_of_different_length_never_collide()
    {
        var set = Build((NumberPatternKind.Exact, "+8612345", "+8612345"));

        set.Contains(N("+86012345")).Should().BeFalse();
        set.Contains(N("+8612345")).Should().BeTrue();
    }

    [Fact]
    public void A_range_covers_only_numbers_of_its_own_length()
    {
        var set = Build((NumberPatternKind.Range, "+8610660220000", "+8610660229999"));

        set.Contains(N("+8610660225000")).Should().BeTrue();
        set.Contains(N("+86106602250001")).Should().BeFalse("a longer number only starts like the range's block");
        set.Contains(N("+861066022500")).Should().BeFalse("a shorter one is not in it either");
    }

    [Fact]
    public void Random_ranges_agree_with_comparing_the_ends()
    {
        // Seeded: ranges of every width and alignment, probed at their edges, inside and around.
        var random = new Random(4475);
        for (var round = 0; round < 300; round++)
        {
            var length = random.Next(8, 16);
            var min = (ulong)Math.Pow(10, length - 1);
            var lo = min + (ulong)(random.NextDouble() * (min * 8));
            var width = (ulong)Math.Pow(10, random.Next(0, length - 2)) * (ulong)random.Next(1, 30) + (ulong)random.Next(0, 1000);
            var hi = Math.Min(lo + width, (min * 10) - 1);
            var b = new NumberSetBuilder();
            b.Add(new NumberPattern(NumberPatternKind.Range, E164Number.Create(lo, length), E164Number.Create(hi, length)));
            var set = b.Build();

            foreach (var probe in new[] { lo - 1, lo, lo + 1, (lo + hi) / 2, hi - 1, hi, hi + 1, lo + (ulong)random.Next(0, 100_000) })
            {
                var inside = probe >= lo && probe <= hi;
                set.Contains(E164Number.Create(probe, length)).Should().Be(inside, $"range {lo}..{hi} ({length} digits), probe {probe}");
            }
        }
    }
}
