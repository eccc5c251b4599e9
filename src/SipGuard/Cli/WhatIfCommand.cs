using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using SipGuard.Configuration;
using SipGuard.Evidence;
using SipGuard.Evidence.Capture;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cli;

/// <summary><c>sipguard whatif</c>: which recorded calls a new config would decide differently, before it is saved.</summary>
internal static class WhatIfCommand
{
    public static Command Create(HostSeams seams)
    {
        var config = new Option<string>("--config", "-c") { Description = "The candidate config (checked like 'sipguard check').", HelpName = "NEW.yaml", Required = true };
        var evidence = new Option<string?>("--evidence") { Description = "The evidence folder whose recorded calls are re-decided.", HelpName = "DIR" };
        var pcap = new Option<string?>("--pcap") { Description = "A capture (pcap or pcapng, UDP) whose initial INVITEs are re-decided and compared with the final responses it holds.", HelpName = "FILE" };
        var since = new Option<TimeSpan?>("--since") { Description = "Only calls recorded in this last span (e.g. 24h, 7d is 168h).", HelpName = "DURATION", CustomParser = ParseSince };
        var format = new Option<string>("--format") { Description = "text or json.", HelpName = "FORMAT", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("whatif", "Re-decide the recorded calls (flagged ones, and the evidence.sample_allowed share of allowed ones) under a new config; print what would change, per line and rule.")
        {
            config, evidence, pcap, since, format,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(evidence) is null) == (result.GetValue(pcap) is null))
            {
                result.AddError("give either --evidence DIR or --pcap FILE");
            }
            else if (result.GetValue(pcap) is not null && result.GetValue(since) is not null)
            {
                result.AddError("--since applies to --evidence only: a capture is re-decided whole");
            }
        });
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var built = ConfigBuild.Run(path, seams.Compiler, previous: null);
            if (!built.Succeeded)
            {
                ErrorPrinter.Print(error, path, built.Errors);
                return 2;
            }

            WhatIfResult result;
            string noun, skippedWhy;
            if (parse.GetValue(pcap) is { } capture)
            {
                if (!ReadCapture(capture, error, out var datagrams))
                {
                    return 2;
                }

                result = PcapWhatIf.Run(datagrams, built.Snapshot!.Proxy);
                (noun, skippedWhy) = ("captured call(s)", "INVITE(s) without a final response in the capture skipped");
            }
            else
            {
                var dir = parse.GetValue(evidence)!;
                if (!Directory.Exists(dir))
                {
                    error.WriteLine($"{dir}: no such folder");
                    return 2;
                }

                DateTimeOffset? from = parse.GetValue(since) is { } span ? TimeProvider.System.GetUtcNow() - span : null;
                result = WhatIf.Run(dir, built.Snapshot!.Proxy, from);
                (noun, skippedWhy) = ("recorded call(s)", "record(s) without a replayable INVITE skipped");
            }

            if (parse.GetValue(format) == "json")
            {
                WriteJson(output, result);
            }
            else
            {
                WriteText(output, result, noun, skippedWhy);
            }

            return 0;
        });
        return command;
    }

    private static void WriteText(TextWriter o, WhatIfResult result, string noun, string skippedWhy)
    {
        o.WriteLine($"{result.Decided} {noun} re-decided, {result.Changes.Count} would change{(result.Skipped > 0 ? $" ({result.Skipped} {skippedWhy})" : "")}");
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

    private static bool ReadCapture(string path, TextWriter error, out List<CapturedDatagram> datagrams)
    {
        datagrams = [];
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{path}: {ex.Message}");
            return false;
        }

        if (!CaptureFile.TryRead(bytes, out var packets, out var why))
        {
            error.WriteLine($"{path}: {why}");
            return false;
        }

        foreach (var (linkType, frame) in packets)
        {
            if (PacketDecoder.Decode(linkType, frame) is { } datagram)
            {
                datagrams.Add(datagram);
            }
        }

        return true;
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
