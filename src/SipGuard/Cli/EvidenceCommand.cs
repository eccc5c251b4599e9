using System.CommandLine;
using SipGuard.Evidence;

namespace SipGuard.Cli;

/// <summary><c>sipguard evidence verify DIR</c>: re-walk the evidence log's hash chain and name the first broken link.</summary>
internal static class EvidenceCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "The evidence folder (evidence.dir in the config)." };
        var verify = new Command("verify", "Check the evidence log's hash chain across all files; print the first broken link (file:line and kind) and exit 1, or exit 0 when intact.")
        {
            dir,
        };
        verify.SetAction(parse =>
        {
            var path = parse.GetValue(dir)!;
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            if (!Directory.Exists(path))
            {
                error.WriteLine($"{path}: no such folder");
                return 1;
            }

            var result = EvidenceVerifier.Verify(path);
            if (result.Break is { } broken)
            {
                error.WriteLine($"BROKEN: {broken}");
                error.WriteLine($"{path}: chain broken ({result.Records} line(s) in {result.Files} file(s) checked)");
                return 1;
            }

            output.WriteLine($"{path}: intact ({result.Records} record(s) in {result.Files} file(s))");
            return 0;
        });
        return new Command("evidence", "Work with the tamper-evident evidence log.") { verify };
    }
}
