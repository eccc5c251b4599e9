using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SipGuard.Configuration;
using SipGuard.Policy.Configuration;

namespace SipGuard.Evidence;

/// <summary>Renders an <see cref="EvidenceReport"/> (and, when given, each trunk's registration record) as Markdown, CSV or JSON.</summary>
internal static class ReportWriter
{
    public static void Write(TextWriter output, EvidenceReport report, ReportFormat format, IReadOnlyList<TrunkConfig>? trunks, ReportLabels? labels = null)
    {
        labels ??= ReportLabels.En;
        switch (format)
        {
            case ReportFormat.Html:
                ReportHtmlWriter.Write(output, report, trunks, labels);
                break;
            case ReportFormat.Csv:
                WriteCsv(output, report, trunks);
                break;
            case ReportFormat.Json:
                WriteJson(output, report, trunks);
                break;
            default:
                WriteMarkdown(output, report, trunks, labels);
                break;
        }
    }

    public static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Percent(double rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

    private static void WriteMarkdown(TextWriter o, EvidenceReport report, IReadOnlyList<TrunkConfig>? trunks, ReportLabels l)
    {
        o.WriteLine($"# {l.Title}: {(report.From is { } f ? Day(f) : "…")} – {(report.To is { } t ? Day(t) : "…")}");
        o.WriteLine();
        o.WriteLine($"{report.Records} {l.Records}.");
        o.WriteLine();
        o.WriteLine($"## {l.Lines}");
        o.WriteLine();
        o.WriteLine($"| {l.Line} | {l.Screened} | {l.Intercepted} | {l.Flagged} | {l.Tagged} | {l.Rate} | {l.Customer} | {l.Purpose} | {l.Location} |");
        o.WriteLine("|---|---:|---:|---:|---:|---:|---|---|---|");
        foreach (var line in report.Totals)
        {
            var reg = trunks?.FirstOrDefault(t => t.Id == line.Trunk)?.Registration;
            o.WriteLine($"| {line.Trunk} | {line.Screened} | {line.Intercepted} | {line.Flagged} | {line.Tagged} | {Percent(line.Rate)} | {reg?.Customer} | {reg?.Purpose} | {reg?.Location} |");
        }

        o.WriteLine();
        o.WriteLine($"## {l.Violations}");
        o.WriteLine();
        var violators = report.Totals.Where(t => t.Intercepted + t.Flagged > 0).ToList();
        o.WriteLine(violators.Count == 0 ? l.None : string.Join(", ", violators.Select(v => $"{v.Trunk} ({v.Intercepted + v.Flagged})")));
        o.WriteLine();
        o.WriteLine($"## {l.ByReason}");
        o.WriteLine();
        o.WriteLine($"| {l.Day} | {l.Line} | {l.Reason} | {l.Count} |");
        o.WriteLine("|---|---|---|---:|");
        foreach (var r in report.Rows)
        {
            o.WriteLine($"| {Day(r.Day)} | {r.Trunk} | {r.Reason} | {r.Count} |");
        }

        o.WriteLine();
        o.WriteLine($"## {l.TopCallers}");
        o.WriteLine();
        o.WriteLine($"| {l.Caller} | {l.Count} |");
        o.WriteLine("|---|---:|");
        foreach (var c in report.TopCallers)
        {
            o.WriteLine($"| {c.Number} | {c.Count} |");
        }

        if (trunks is null)
        {
            return;
        }

        o.WriteLine();
        o.WriteLine($"## {l.Registrations}");
        o.WriteLine();
        o.WriteLine($"| {l.Line} | {l.Kind} | {l.Customer} | {l.Purpose} | {l.LineType} | {l.Location} | {l.PeerDevice} |");
        o.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var trunk in trunks)
        {
            var reg = trunk.Registration;
            o.WriteLine($"| {trunk.Id} | {ConfigSchema.TrunkKinds.WordFor(trunk.Kind)} | {reg?.Customer} | {reg?.Purpose} | {reg?.LineType} | {reg?.Location} | {reg?.PeerDevice} |");
        }
    }

    private static void WriteCsv(TextWriter o, EvidenceReport report, IReadOnlyList<TrunkConfig>? trunks)
    {
        o.WriteLine("section,day,trunk,reason,caller,count");
        foreach (var t in report.Totals)
        {
            o.WriteLine($"totals,,{Csv(t.Trunk)},screened,,{t.Screened}");
            o.WriteLine($"totals,,{Csv(t.Trunk)},intercepted,,{t.Intercepted}");
            o.WriteLine($"totals,,{Csv(t.Trunk)},flagged,,{t.Flagged}");
            o.WriteLine($"totals,,{Csv(t.Trunk)},tagged,,{t.Tagged}");
        }

        foreach (var r in report.Rows)
        {
            o.WriteLine($"interceptions,{Day(r.Day)},{Csv(r.Trunk)},{Csv(r.Reason)},,{r.Count}");
        }

        foreach (var c in report.TopCallers)
        {
            o.WriteLine($"top-caller,,,,{Csv(c.Number)},{c.Count}");
        }

        if (trunks is null)
        {
            return;
        }

        o.WriteLine();
        o.WriteLine("trunk,kind,customer,purpose,line_type,location,peer_device");
        foreach (var trunk in trunks)
        {
            var reg = trunk.Registration;
            o.WriteLine(string.Join(',', Csv(trunk.Id), Csv(ConfigSchema.TrunkKinds.WordFor(trunk.Kind)), Csv(reg?.Customer), Csv(reg?.Purpose), Csv(reg?.LineType), Csv(reg?.Location), Csv(reg?.PeerDevice)));
        }
    }

    private static string Csv(string? value) =>
        value is null ? string.Empty
        : value.AsSpan().IndexOfAny(",\"\n\r") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static void WriteJson(TextWriter o, EvidenceReport report, IReadOnlyList<TrunkConfig>? trunks)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("from", report.From is { } f ? Day(f) : null);
            json.WriteString("to", report.To is { } t ? Day(t) : null);
            json.WriteNumber("records", report.Records);
            json.WriteStartObject("trunks");
            foreach (var line in report.Totals)
            {
                json.WriteStartObject(line.Trunk);
                json.WriteNumber("screened", line.Screened);
                json.WriteNumber("allowed", line.Allowed);
                json.WriteNumber("intercepted", line.Intercepted);
                json.WriteNumber("flagged", line.Flagged);
                json.WriteNumber("tagged", line.Tagged);
                json.WriteNumber("rate", Math.Round(line.Rate, 6));
                json.WriteStartObject("reasons");
                foreach (var (rule, n) in line.Rules.OrderBy(r => r.Key, StringComparer.Ordinal))
                {
                    json.WriteNumber(rule, n);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteStartArray("interceptions");
            foreach (var r in report.Rows)
            {
                json.WriteStartObject();
                json.WriteString("day", Day(r.Day));
                json.WriteString("trunk", r.Trunk);
                json.WriteString("reason", r.Reason);
                json.WriteNumber("count", r.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("top_callers");
            foreach (var c in report.TopCallers)
            {
                json.WriteStartObject();
                json.WriteString("caller", c.Number);
                json.WriteNumber("count", c.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (trunks is not null)
            {
                json.WriteStartArray("registrations");
                foreach (var trunk in trunks)
                {
                    var reg = trunk.Registration;
                    json.WriteStartObject();
                    json.WriteString("trunk", trunk.Id);
                    json.WriteString("kind", ConfigSchema.TrunkKinds.WordFor(trunk.Kind));
                    json.WriteString("customer", reg?.Customer);
                    json.WriteString("purpose", reg?.Purpose);
                    json.WriteString("line_type", reg?.LineType);
                    json.WriteString("location", reg?.Location);
                    json.WriteString("peer_device", reg?.PeerDevice);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        o.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}
