using System.Net;
using SipGuard.Configuration;
using SipGuard.Policy.Configuration;

namespace SipGuard.Evidence;

/// <summary>The report as one self-contained, printable HTML page (no scripts, no external files).</summary>
internal static class ReportHtmlWriter
{
    public static void Write(TextWriter o, EvidenceReport report, IReadOnlyList<TrunkConfig>? trunks, ReportLabels l)
    {
        var range = $"{(report.From is { } f ? ReportWriter.Day(f) : "…")} – {(report.To is { } t ? ReportWriter.Day(t) : "…")}";
        o.WriteLine("<!DOCTYPE html>");
        o.WriteLine($"<html lang=\"{(ReferenceEquals(l, ReportLabels.Zh) ? "zh" : "en")}\"><head><meta charset=\"utf-8\"><title>{E(l.Title)} {E(range)}</title>");
        o.WriteLine("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}th,td{border:1px solid #888;padding:.3em .6em}td.n{text-align:right}@media print{body{margin:0}h2{page-break-after:avoid}table{page-break-inside:avoid}}</style></head><body>");
        o.WriteLine($"<h1>{E(l.Title)}</h1><p>{E(range)} · {report.Records} {E(l.Records)}</p>");
        Table(o, l.Lines, [l.Line, l.Screened, l.Intercepted, l.Flagged, l.Tagged, l.Rate, l.Customer, l.Purpose, l.Location],
            report.Totals.Select(t =>
            {
                var reg = trunks?.FirstOrDefault(c => c.Id == t.Trunk)?.Registration;
                return new[] { t.Trunk, N(t.Screened), N(t.Intercepted), N(t.Flagged), N(t.Tagged), ReportWriter.Percent(t.Rate), reg?.Customer ?? "", reg?.Purpose ?? "", reg?.Location ?? "" };
            }));
        var violators = report.Totals.Where(t => t.Intercepted + t.Flagged > 0).Select(v => $"{v.Trunk} ({v.Intercepted + v.Flagged})").ToList();
        o.WriteLine($"<h2>{E(l.Violations)}</h2><p>{E(violators.Count == 0 ? l.None : string.Join(", ", violators))}</p>");
        Table(o, l.ByReason, [l.Day, l.Line, l.Reason, l.Count], report.Rows.Select(r => new[] { ReportWriter.Day(r.Day), r.Trunk, r.Reason, N(r.Count) }));
        Table(o, l.TopCallers, [l.Caller, l.Count], report.TopCallers.Select(c => new[] { c.Number, N(c.Count) }));
        if (trunks is not null)
        {
            Table(o, l.Registrations, [l.Line, l.Kind, l.Customer, l.Purpose, l.LineType, l.Location, l.PeerDevice], trunks.Select(t => new[]
            {
                t.Id, ConfigSchema.TrunkKinds.WordFor(t.Kind), t.Registration?.Customer ?? "", t.Registration?.Purpose ?? "",
                t.Registration?.LineType ?? "", t.Registration?.Location ?? "", t.Registration?.PeerDevice ?? "",
            }));
        }

        o.WriteLine("</body></html>");
    }

    private static void Table(TextWriter o, string title, string[] head, IEnumerable<string[]> rows)
    {
        o.WriteLine($"<h2>{E(title)}</h2><table><tr>{string.Concat(head.Select(h => $"<th>{E(h)}</th>"))}</tr>");
        foreach (var row in rows)
        {
            o.WriteLine($"<tr>{string.Concat(row.Select(c => long.TryParse(c, out _) ? $"<td class=\"n\">{E(c)}</td>" : $"<td>{E(c)}</td>"))}</tr>");
        }

        o.WriteLine("</table>");
    }

    private static string N(long n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
