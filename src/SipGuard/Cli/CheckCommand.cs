using System.CommandLine;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cli;

/// <summary><c>sipguard check</c>: validate and compile the config exactly as start-up and reload would.</summary>
internal static class CheckCommand
{
    public static Command Create(HostSeams seams)
    {
        var config = CliOptions.Config();
        var command = new Command("check", "Validate a config file and its list files; print every error as file:line:column and exit 1, or exit 0.")
        {
            config,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(config)!;
            var output = parse.InvocationConfiguration.Output;
            var result = ConfigBuild.Run(path, seams.Compiler, previous: null);
            if (!result.Succeeded)
            {
                ErrorPrinter.Print(parse.InvocationConfiguration.Error, path, result.Errors);
                return 1;
            }

            var c = result.Config!;
            output.WriteLine(
                $"{path}: OK ({Count(c.Policy.Trunks.Count, "trunk")}, {Count(c.Proxy.Upstreams.Count, "upstream")}, "
                + $"{Count(c.Policy.Lists.Count, "list")}, {Count(c.Proxy.Listeners.Count, "listener")})");
            foreach (var upstream in c.Proxy.Upstreams)
            {
                foreach (var target in upstream.Targets.Where(t => Resolution.SipTargetName.From(t) is not null))
                {
                    // check sends no DNS query: the answer it would get now is not the one the proxy runs with later.
                    output.WriteLine($"  upstreams.{upstream.Id}: {target.Uri} is a DNS name, resolved at run time (docs/dns.md)");
                }
            }

            return 0;
        });
        return command;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
