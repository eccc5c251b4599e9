using System.CommandLine;
using System.Globalization;
using SipGuard.Evidence;

namespace SipGuard.Cli;

/// <summary><c>sipguard evidence export</c>: bundle one call's (or one number's) records with the checkpoints that cover them.</summary>
internal static class EvidenceExportCommand
{
    public static Command Create()
    {
        var evidence = new Option<string>("--evidence") { Description = "The evidence folder.", HelpName = "DIR", Required = true };
        var callId = new Option<string?>("--call-id") { Description = "Export the records of this Call-ID.", HelpName = "ID" };
        var number = new Option<string?>("--number") { Description = "Export the records whose caller (or any identity) is this E.164 number, e.g. +8613912345678.", HelpName = "N" };
        var from = new Option<DateTimeOffset?>("--from") { Description = "With --number: first time (ISO 8601, UTC when no offset).", HelpName = "T", CustomParser = ParseTime };
        var to = new Option<DateTimeOffset?>("--to") { Description = "With --number: last time (ISO 8601).", HelpName = "T", CustomParser = ParseTime };
        var output = new Option<string>("--out") { Description = "The bundle to write (.zip).", HelpName = "OUT.zip", Required = true };
        var command = new Command("export", "Write a zip with the selected records, the runs of the chain up to the checkpoints that cover them, and the public key; check it with 'evidence verify OUT.zip --public-key FILE'.")
        {
            evidence, callId, number, from, to, output,
        };
        command.Validators.Add(result =>
        {
            var hasId = result.GetValue(callId) is not null;
            var hasNumber = result.GetValue(number) is not null;
            if (hasId == hasNumber)
            {
                result.AddError("give either --call-id ID or --number N (with --from T --to T)");
            }
            else if (hasNumber && (result.GetValue(from) is null || result.GetValue(to) is null))
            {
                result.AddError("--number needs --from T and --to T");
            }
        });
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(evidence)!;
            var error = parse.InvocationConfiguration.Error;
            if (!Directory.Exists(dir))
            {
                error.WriteLine($"{dir}: no such folder");
                return 2;
            }

            var outPath = parse.GetValue(output)!;
            if (File.Exists(outPath))
            {
                error.WriteLine($"{outPath}: exists; not overwriting");
                return 2;
            }

            var query = new EvidenceQuery(parse.GetValue(callId), parse.GetValue(number), parse.GetValue(from), parse.GetValue(to));
            var matched = EvidenceExport.Create(dir, query, outPath);
            if (matched == 0)
            {
                error.WriteLine($"{dir}: no record matches; nothing written");
                return 1;
            }

            parse.InvocationConfiguration.Output.WriteLine($"{outPath}: {matched} record(s)");
            return 0;
        });
        return command;
    }

    private static DateTimeOffset? ParseTime(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        result.AddError($"'{token}' is not a time (ISO 8601, e.g. 2026-11-01T00:00:00Z)");
        return null;
    }
}
