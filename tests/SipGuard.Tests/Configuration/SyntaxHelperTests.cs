using SipGuard.Configuration;

namespace SipGuard.Tests.Configuration;

public sealed class SyntaxHelperTests
{
    [Theory]
    [InlineData("upstream", "upsteram", 1)]
    [InlineData("allowed_callers", "alowed_callers", 1)]
    [InlineData("kind", "kind", 0)]
    [InlineData("abc", "", 3)]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int expected)
    {
        KeySuggester.Distance(a, b).Should().Be(expected);
    }

    [Fact]
    public void Suggestion_is_withheld_when_nothing_is_close()
    {
        KeySuggester.Suggest("whatever", ["kind", "sources", "upstream"]).Should().BeNull();
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    public void Durations_are_a_number_and_a_unit(string text, int milliseconds)
    {
        DurationSyntax.TryParse(text, out var value).Should().BeTrue();
        value.Should().Be(TimeSpan.FromMilliseconds(milliseconds));
    }

    [Theory]
    [InlineData("30")]
    [InlineData("s")]
    [InlineData("1.5s")]
    [InlineData("10 days")]
    public void Durations_without_a_known_unit_are_refused(string text)
    {
        DurationSyntax.TryParse(text, out _).Should().BeFalse();
    }

    [Fact]
    public void Config_error_without_a_path_or_line_prints_compactly()
    {
        new ConfigError(new ConfigLocation("a.yaml", 0, 0), "", "cannot read").ToString().Should().Be("a.yaml: error: cannot read");
        new ConfigError(new ConfigLocation("l.txt", 3, 0), "lists.x.file", "bad").ToString().Should().Be("l.txt:3: error: lists.x.file: bad");
    }
}
