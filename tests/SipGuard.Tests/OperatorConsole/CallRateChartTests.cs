using SipGuard.OperatorConsole;

namespace SipGuard.Tests.OperatorConsole;

public sealed class CallRateChartTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Rates_are_the_difference_between_samples_per_second_one_line_per_trunk_and_decision()
    {
        var samples = new[]
        {
            new LiveSample(Now.AddSeconds(-20), new Dictionary<string, long> { ["line/allow"] = 0, ["line/reject"] = 0 }),
            new LiveSample(Now.AddSeconds(-10), new Dictionary<string, long> { ["line/allow"] = 40, ["line/reject"] = 10 }),
            new LiveSample(Now, new Dictionary<string, long> { ["line/allow"] = 60, ["line/reject"] = 10 }),
        };

        var svg = CallRateChart.Render(samples, Now);

        svg.Should().StartWith("<svg ").And.EndWith("</svg>");
        svg.Should().Contain(">line/allow<").And.Contain(">line/reject<");
        svg.Should().Contain(">4<", "the top of the scale is the highest rate: 40 calls in 10 s");
        System.Text.RegularExpressions.Regex.Count(svg, "<polyline").Should().Be(2);
    }

    [Fact]
    public void A_trunk_name_is_written_as_text_not_markup()
    {
        var samples = new[]
        {
            new LiveSample(Now.AddSeconds(-10), new Dictionary<string, long>()),
            new LiveSample(Now, new Dictionary<string, long> { ["<script>/allow"] = 1 }),
        };

        CallRateChart.Render(samples, Now).Should().NotContain("<script>").And.Contain("&lt;script&gt;/allow");
    }

    [Fact]
    public void Without_calls_the_chart_says_so()
    {
        CallRateChart.Render([new LiveSample(Now, new Dictionary<string, long>())], Now).Should().Contain("no calls screened yet");
    }
}
