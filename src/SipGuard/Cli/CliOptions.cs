using System.CommandLine;

namespace SipGuard.Cli;

/// <summary>Options several commands share.</summary>
internal static class CliOptions
{
    public const string DefaultConfigPath = "config/sipguard.yaml";

    public static Option<string> Config() => new("--config", "-c")
    {
        Description = "The YAML config file; list files are found relative to its folder.",
        HelpName = "PATH",
        DefaultValueFactory = _ => DefaultConfigPath,
    };
}
