using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Numbering;

public sealed class NumberFormsTests(PolicyFixture fixture) : IClassFixture<PolicyFixture>
{
    [Fact]
    public void Every_written_form_of_a_valid_number_normalises_to_the_same_E164()
    {
        var random = new Random(4242);
        var checkedNumbers = 0;
        for (var attempt = 0; attempt < 200_000 && checkedNumbers < 5_000; attempt++)
        {
            // Mobiles and fixed lines of plausible shape; keep only those the plan accepts.
            var nsn = random.Next(2) == 0
                ? "1" + random.Next(30, 100).ToString("D2") + random.NextInt64(0, 100_000_000).ToString("D8")
                : random.Next(10, 1000).ToString() + random.Next(20_000_000, 90_000_000).ToString("D8");
            E164Number.TryParse("+86" + nsn, out var number).Should().BeTrue();
            if (!fixture.Snapshot.IsValidNumber(number))
            {
                continue;
            }

            checkedNumbers++;
            var grouped = string.Join('-', nsn.Chunk(4).Select(c => new string(c)));
            string[] forms = ["+86" + nsn, "0086" + nsn, "0" + nsn, "+86-" + grouped, "%2B86" + nsn];
            foreach (var form in forms)
            {
                fixture.Snapshot.Normalize(CallerIdentity.FromText(IdentityOrigin.From, form, "pbx")).Number
                    .Should().Be(number, because: $"'{form}' is a form of {number}");
            }

            var tel = CallerIdentity.FromText(IdentityOrigin.Pai, grouped, phoneContext: "+86", flags: IdentityFlags.IsTel);
            fixture.Snapshot.Normalize(tel).Number.Should().Be(number);

            // "86…" is read as a country code only when the national reading is not itself valid.
            var national = fixture.Snapshot.Normalize(CallerIdentity.FromText(IdentityOrigin.From, "86" + nsn, "pbx"));
            E164Number.TryParse("+8686" + nsn, out var asNational);
            national.Number.Should().Be(asNational.Length > 0 && fixture.Snapshot.IsValidNumber(asNational) ? asNational : number);
        }

        checkedNumbers.Should().Be(5_000);
    }
}
