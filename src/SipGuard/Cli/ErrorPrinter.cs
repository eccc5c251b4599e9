using SipGuard.Configuration;

namespace SipGuard.Cli;

/// <summary>Prints config errors one a line, compiler style, then a count the operator can check against.</summary>
internal static class ErrorPrinter
{
    public static void Print(TextWriter error, string configPath, IReadOnlyList<ConfigError> errors)
    {
        foreach (var e in errors)
        {
            error.WriteLine(e.ToString());
        }

        error.WriteLine($"{configPath}: {errors.Count} error{(errors.Count == 1 ? "" : "s")}; the config was not accepted");
    }
}
