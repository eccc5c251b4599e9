using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cli;

/// <summary><c>sipguard whatif</c>: which recorded calls a new config would decide differently, before it is saved.</summary>
internal static class WhatIfCommand
{
    public static Command Create(HostSeams seams)
    {
        var config = new Option<string>("--config", "-c") { Description = "The candidate config (checked like 'sipguard check').", HelpName = "NEW.yaml", Required = true };
        var evidence = new Option<string>("--evidence") { Description = "The evidence folder whose recorded calls are re-decided.", HelpName = "DIR", Required = true };
        var since = new Option<TimeSpan?>("--since") { Description = "Only calls recorded in this last span (e.g. 24h, 7d is 168h).", HelpName = "DURATION", CustomParser = ParseSince };
        var format = new Option<string>("--format") { Description = "text or json.", HelpName = "FORMAT", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("whatif", "Re-decide the recorded calls (flagged ones, and the evidence.sample_allowed share of allowed ones) under a new config; print what would change, per line and rule.")
        {
            config, evidence, since, format,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var dir = parse.GetValue(evidence)!;
            if (!Directory.Exists(dir))
            {
                error.WriteLine($"{dir}: no such folder");
                return 2;
            }

            var built = ConfigBuild.Run(path, seams.Compiler, previous: null);
            if (!built.Succeeded)
            {
                ErrorPrinter.Print(error, path, built.Errors);
                return 2;
            }

            DateTimeOffset? from = parse.GetValue(since) is { } span ? TimeProvider.System.GetUtcNow() - span : null;
            var result = WhatIf.Run(dir, built.Snapshot!.Proxy, from);
            if (parse.GetValue(format) == "json")
            {
                WriteJson(output, result);
            }
            else
            {
                WriteText(output, result);
            }

            return 0;
        });
        return command;
    }

    private static void WriteText(TextWriter o, WhatIfResult result)
    {
        o.WriteLine($"{result.Decided} recorded call(s) re-decided, {result.Changes.Count} would change{(result.Skipped > 0 ? $" ({result.Skipped} record(s) without a replayable INVITE skipped)" : "")}");
        foreach (var group in result.Changes.GroupBy(c => (c.Trunk, c.Before, c.After)).OrderBy(g => g.Key.Trunk, StringComparer.Ordinal).ThenByDescending(g => g.Count()))
        {
            o.WriteLine($"  {group.Key.Trunk}: {group.Key.Before} -> {group.Key.After}: {group.Count()}");
        }
    }

    private static void WriteJson(TextWriter o, WhatIfResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("decided", result.Decided);
            json.WriteNumber("skipped", result.Skipped);
            json.WriteNumber("changed", result.Changes.Count);
            json.WriteStartArray("calls");
            foreach (var c in result.Changes)
            {
                json.WriteStartObject();
                json.WriteString("call_id", c.CallId);
                json.WriteString("trunk", c.Trunk);
                json.WriteString("before", c.Before);
                json.WriteString("after", c.After);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        o.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static TimeSpan? ParseSince(System.CommandLine.Parsing.ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (DurationSyntax.TryParse(token, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        result.AddError($"'{token}' is not a duration (e.g. 24h, 30m)");
        return null;
    }
}
