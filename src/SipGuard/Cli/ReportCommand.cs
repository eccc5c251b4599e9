using System.CommandLine;
using System.Globalization;
using SipGuard.Configuration;
using SipGuard.Evidence;

namespace SipGuard.Cli;

/// <summary><c>sipguard report</c>: interceptions by trunk × reason × day, the most-blocked callers, and the lines' registrations.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var evidence = new Option<string>("--evidence") { Description = "The evidence folder.", HelpName = "DIR", Required = true };
        var from = new Option<DateOnly?>("--from") { Description = "First UTC day to include (yyyy-MM-dd).", HelpName = "DATE", CustomParser = ParseDate };
        var to = new Option<DateOnly?>("--to") { Description = "Last UTC day to include (yyyy-MM-dd).", HelpName = "DATE", CustomParser = ParseDate };
        var format = new Option<string>("--format") { Description = "md, csv, json or html (printable).", HelpName = "FORMAT", DefaultValueFactory = _ => "md" };
        format.AcceptOnlyFromAmong("md", "csv", "json", "html");
        var lang = new Option<string>("--lang") { Description = "Headings in en or zh (md and html).", HelpName = "LANG", DefaultValueFactory = _ => "en" };
        lang.AcceptOnlyFromAmong("en", "zh");
        var config = new Option<string?>("--config", "-c") { Description = "Add each trunk's registration record from this config.", HelpName = "PATH" };
        var command = new Command("report", "Report from the evidence log: per line the calls screened, intercepted and flagged and the rate; interceptions by line, reason and day; the top 10 blocked caller numbers; lines with violations; with --config, each line's registration.")
        {
            evidence, from, to, format, lang, config,
        };
        command.SetAction(parse =>
        {
            var error = parse.InvocationConfiguration.Error;
            var dir = parse.GetValue(evidence)!;
            if (!Directory.Exists(dir))
            {
                error.WriteLine($"{dir}: no such folder");
                return 1;
            }

            IReadOnlyList<Policy.Configuration.TrunkConfig>? trunks = null;
            if (parse.GetValue(config) is { } configPath)
            {
                var loaded = ConfigLoader.LoadFile(configPath);
                if (!loaded.Succeeded)
                {
                    ErrorPrinter.Print(error, configPath, loaded.Errors.Select(e => e).ToList());
                    return 1;
                }

                trunks = loaded.Config!.Policy.Trunks;
            }

            var report = EvidenceReport.Build(dir, parse.GetValue(from), parse.GetValue(to));
            var kind = parse.GetValue(format) switch { "csv" => ReportFormat.Csv, "json" => ReportFormat.Json, "html" => ReportFormat.Html, _ => ReportFormat.Md };
            ReportWriter.Write(parse.InvocationConfiguration.Output, report, kind, trunks, ReportLabels.For(parse.GetValue(lang)!));
            return 0;
        });
        return command;
    }

    private static DateOnly? ParseDate(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        result.AddError($"'{token}' is not a date (yyyy-MM-dd)");
        return null;
    }
}
