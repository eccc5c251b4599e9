using System.Text;
using SipGuard.Policy.Tests.Support;

namespace SipGuard.Policy.Tests.Numbering;

public sealed class NormalizationTests(PolicyFixture fixture) : IClassFixture<PolicyFixture>
{
    [Theory]
    [InlineData("+861066022236", "", "+861066022236", NumberForm.International, NumberAnomaly.None)]
    [InlineData("00861066022236", "", "+861066022236", NumberForm.InternationalPrefix, NumberAnomaly.None)]
    [InlineData("861066022236", "", "+861066022236", NumberForm.CountryCodeWithoutPlus, NumberAnomaly.None)]
    [InlineData("8613800138000", "", "+8613800138000", NumberForm.CountryCodeWithoutPlus, NumberAnomaly.None)]
    [InlineData("01066022236", "", "+861066022236", NumberForm.National, NumberAnomaly.None)]
    [InlineData("075526031234", "", "+8675526031234", NumberForm.National, NumberAnomaly.None)]
    [InlineData("13800138000", "", "+8613800138000", NumberForm.NationalSignificant, NumberAnomaly.None)]
    [InlineData("+86-10-6602-2236", "", "+861066022236", NumberForm.International, NumberAnomaly.None)]
    [InlineData("+86 (10) 6602.2236", "", "+861066022236", NumberForm.International, NumberAnomaly.None)]
    [InlineData("%2B861066022236", "", "+861066022236", NumberForm.International, NumberAnomaly.None)]
    [InlineData("6602-2236", "+86-10", "+861066022236", NumberForm.PhoneContext, NumberAnomaly.None)]
    [InlineData("010-6602-2236", "+86", "+861066022236", NumberForm.PhoneContext, NumberAnomaly.None)]
    [InlineData("66022236;phone-context=+86-10", "", "+861066022236", NumberForm.PhoneContext, NumberAnomaly.None)]
    [InlineData("66022236", "example.com", "+8666022236", NumberForm.NationalSignificant, NumberAnomaly.UnknownPhoneContext)]
    [InlineData("+8601066022236", "", "+8601066022236", NumberForm.International, NumberAnomaly.NationalPrefixAfterCountryCode)]
    [InlineData("1795113800138000", "", "+8613800138000", NumberForm.NationalSignificant, NumberAnomaly.IpAccessPrefix)]
    [InlineData("1259301066022236", "", "+861066022236", NumberForm.National, NumberAnomaly.IpAccessPrefix)]
    [InlineData("95555", "", "+8695555", NumberForm.NationalSignificant, NumberAnomaly.None)]
    [InlineData("+1234567890123456", "", "", NumberForm.International, NumberAnomaly.TooLong)]
    [InlineData("%zz", "", "", NumberForm.NotANumber, NumberAnomaly.Malformed)]
    [InlineData("anonymous", "", "", NumberForm.NotANumber, NumberAnomaly.None)]
    [InlineData("alice", "", "", NumberForm.NotANumber, NumberAnomaly.None)]
    [InlineData("+8613912345678#", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("*8613912345678", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("+8613912345678x", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("+86+13912345678", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("+86139%0012345678", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("＋８６１３９１２３４５６７８", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("+٨٦١٣٩١٢٣٤٥٦٧٨", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("+", "", "", NumberForm.NotANumber, NumberAnomaly.Unreadable)]
    [InlineData("", "", "", NumberForm.NotANumber, NumberAnomaly.None)]
    public void User_part_normalises_to_E164_with_form_and_anomalies(string user, string context, string e164, NumberForm form, NumberAnomaly anomalies)
    {
        var identity = CallerIdentity.FromText(IdentityOrigin.From, user, "pbx", phoneContext: context);

        var n = fixture.Snapshot.Normalize(identity);

        n.Number.ToString().Should().Be(e164);
        n.Form.Should().Be(form);
        n.Anomalies.Should().Be(anomalies);
    }

    [Fact]
    public void Normalised_number_is_written_into_caller_buffers_as_UTF8_and_UTF16()
    {
        var identity = CallerIdentity.FromText(IdentityOrigin.Pai, "010-6602-2236", "pbx");
        Span<byte> bytes = stackalloc byte[16];
        Span<char> chars = stackalloc char[16];

        fixture.Snapshot.TryFormatNumber(identity, bytes, out var nb).Should().BeTrue();
        fixture.Snapshot.TryFormatNumber(identity, chars, out var nc).Should().BeTrue();

        Encoding.ASCII.GetString(bytes[..nb]).Should().Be("+861066022236");
        new string(chars[..nc]).Should().Be("+861066022236");
        fixture.Snapshot.TryFormatNumber(identity, stackalloc byte[5], out _).Should().BeFalse();
    }

    [Theory]
    [InlineData("+8613800138000", true)]
    [InlineData("+861066022236", true)]
    [InlineData("+8610660220000", false)]
    [InlineData("+8612345678901", false)]
    [InlineData("+8695555", false)]
    [InlineData("+8601066022236", false)]
    [InlineData("+4930123456789", true)]
    public void Validity_follows_the_compiled_CN_plan(string number, bool valid)
    {
        E164Number.TryParse(number, out var n).Should().BeTrue();

        fixture.Snapshot.IsValidNumber(n).Should().Be(valid);
    }

    [Fact]
    public void Service_numbers_are_valid_only_when_configured()
    {
        var config = new Configuration.PolicyConfig(
            Configuration.NumberingConfig.Default with { ServiceNumbers = ["95*", "+8610086"] }, [], [], [], ".");
        var snapshot = PolicyCompiler.Compile(config).Snapshot!;

        E164Number.TryParse("+8695555", out var bank).Should().BeTrue();
        E164Number.TryParse("+8610086", out var carrier).Should().BeTrue();
        E164Number.TryParse("+8610010", out var other).Should().BeTrue();
        snapshot.IsValidNumber(bank).Should().BeTrue();
        snapshot.IsValidNumber(carrier).Should().BeTrue();
        snapshot.IsValidNumber(other).Should().BeFalse();
    }
}
