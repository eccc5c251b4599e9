using System.Globalization;
using System.Net;
using System.Text;

namespace SipGuard.OperatorConsole;

/// <summary>
/// Server-rendered SVG of calls/s by trunk and decision over the last 15 minutes: one line per trunk/decision,
/// the rate between consecutive samples. No script and no chart library: the page shows it as an image.
/// </summary>
internal static class CallRateChart
{
    private const int Width = 720;
    private const int Height = 220;
    private const int Left = 48;
    private const int Bottom = 24;
    private const int Top = 12;
    private const int Right = 160;

    public static string Render(IReadOnlyList<LiveSample> samples, DateTimeOffset now)
    {
        var start = now - LiveCounters.Window;
        var series = new SortedDictionary<string, List<(DateTimeOffset At, double Rate)>>(StringComparer.Ordinal);
        for (var i = 1; i < samples.Count; i++)
        {
            var seconds = (samples[i].At - samples[i - 1].At).TotalSeconds;
            if (seconds <= 0)
            {
                continue;
            }

            foreach (var (key, total) in samples[i].Calls)
            {
                var rate = (total - samples[i - 1].Calls.GetValueOrDefault(key)) / seconds;
                if (!series.TryGetValue(key, out var points))
                {
                    series[key] = points = [];
                }

                points.Add((samples[i].At, rate));
            }
        }

        var max = Math.Max(1, series.Values.SelectMany(p => p).Select(p => p.Rate).DefaultIfEmpty(0).Max());
        var plotW = Width - Left - Right;
        var plotH = Height - Top - Bottom;
        double X(DateTimeOffset at) => Left + (plotW * Math.Clamp((at - start).TotalSeconds / LiveCounters.Window.TotalSeconds, 0, 1));
        double Y(double rate) => Top + plotH - (plotH * rate / max);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"11\">");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        foreach (var fraction in new[] { 0.0, 0.5, 1.0 })
        {
            var y = Top + (plotH * (1 - fraction));
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{max * fraction:0.##}</text>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 6}\">-15 min</text><text x=\"{Left + plotW}\" y=\"{Height - 6}\" text-anchor=\"end\">now</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Height - 6}\" text-anchor=\"middle\">calls/s by trunk and decision</text>");
        var row = 0;
        foreach (var (key, points) in series)
        {
            var color = ColorOf(key, row);
            var path = string.Join(' ', points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.At):0.#},{Y(p.Rate):0.#}")));
            svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{path}\"/>");
            foreach (var point in points)
            {
                // A dot per sample, so the first minutes (one or two samples) show before a line can.
                svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(point.At):0.#}\" cy=\"{Y(point.Rate):0.#}\" r=\"3\" fill=\"{color}\"/>");
            }
            var ly = Top + 12 + (row * 16);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right + 10}\" y=\"{ly - 8}\" width=\"10\" height=\"10\" fill=\"{color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - Right + 24}\" y=\"{ly + 1}\">{WebUtility.HtmlEncode(key)}</text>");
            row++;
        }

        if (series.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotW / 2)}\" y=\"{Top + (plotH / 2)}\" text-anchor=\"middle\" fill=\"#888\">no calls screened yet</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string ColorOf(string key, int row)
    {
        string[] allow = ["#2e7d32", "#66bb6a", "#1b5e20"];
        string[] reject = ["#c62828", "#ef5350", "#8e0000"];
        string[] other = ["#ef6c00", "#6a1b9a", "#00838f"];
        var palette = key.EndsWith("/allow", StringComparison.Ordinal) ? allow : key.EndsWith("/reject", StringComparison.Ordinal) ? reject : other;
        return palette[row % palette.Length];
    }
}
