using System.CommandLine;
using System.Text;
using System.Text.Json;
using SipGuard.Evidence;

namespace SipGuard.Cli;

/// <summary><c>sipguard evidence to-sipp</c>: a recorded call as a SIPp scenario and CSV, so an interception becomes a regression case.</summary>
internal static class EvidenceToSippCommand
{
    public static Command Create()
    {
        var evidence = new Option<string>("--evidence") { Description = "The evidence folder.", HelpName = "DIR", Required = true };
        var callId = new Option<string>("--call-id") { Description = "The Call-ID of the recorded call to replay.", HelpName = "ID", Required = true };
        var output = new Argument<string>("OUT") { Description = "The folder to write scenario.xml and call.csv into (created; existing files are not overwritten)." };
        var command = new Command("to-sipp", "Write a SIPp UAC scenario and CSV that send the recorded INVITE again (identity headers as received) and expect the recorded final status.")
        {
            evidence, callId, output,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(evidence)!;
            var id = parse.GetValue(callId)!;
            var outDir = parse.GetValue(output)!;
            var error = parse.InvocationConfiguration.Error;
            if (!Directory.Exists(dir))
            {
                error.WriteLine($"{dir}: no such folder");
                return 2;
            }

            var scenarioPath = Path.Combine(outDir, "scenario.xml");
            var csvPath = Path.Combine(outDir, "call.csv");
            if (File.Exists(scenarioPath) || File.Exists(csvPath))
            {
                error.WriteLine($"{outDir}: holds scenario.xml or call.csv already; not overwriting");
                return 2;
            }

            // The last record of the Call-ID: a retransmission or a later decision is the newest word on it.
            var query = new EvidenceQuery(id, null, null, null);
            string? found = null;
            foreach (var (_, path) in EvidenceFileName.List(dir))
            {
                foreach (var line in File.ReadLines(path))
                {
                    if (query.Matches(Encoding.UTF8.GetBytes(line)))
                    {
                        found = line;
                    }
                }
            }

            if (found is null)
            {
                error.WriteLine($"{dir}: no call record with Call-ID '{id}'");
                return 1;
            }

            using var doc = JsonDocument.Parse(found);
            if (!SippScenario.TryCreate(doc.RootElement, out var scenario, out var csv, out var why))
            {
                error.WriteLine($"{id}: {why}");
                return 1;
            }

            Directory.CreateDirectory(outDir);
            File.WriteAllText(scenarioPath, scenario, new UTF8Encoding(false));
            File.WriteAllText(csvPath, csv, new UTF8Encoding(false));
            var source = doc.RootElement.TryGetProperty("source", out var s) ? s.GetString() : "?";
            parse.InvocationConfiguration.Output.WriteLine($"{scenarioPath}, {csvPath}: run from the recorded source {source}: sipp -sf {scenarioPath} -inf {csvPath} -i <its address> -m 1 <sipguard host:port>");
            return 0;
        });
        return command;
    }
}
