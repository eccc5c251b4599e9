using System.CommandLine;
using Microsoft.Extensions.Hosting;
using SipGuard.Admin;
using SipGuard.Cluster;
using SipGuard.Hosting;
using SipGuard.Reload;

namespace SipGuard.Cli;

/// <summary><c>sipguard run</c>: load the config (a failed first load stops start-up) and run the host until stopped.</summary>
internal static class RunCommand
{
    public static Command Create(HostSeams seams)
    {
        var config = CliOptions.Config();
        var command = new Command("run", "Run the proxy: load and check the config, then serve until SIGTERM; the config reloads on change or SIGHUP.")
        {
            config,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(config)!;
            var result = ConfigBuild.Run(path, seams.Compiler, previous: null);
            if (!result.Succeeded)
            {
                ErrorPrinter.Print(parse.InvocationConfiguration.Error, path, result.Errors);
                return 1;
            }

            if (result.Config!.Cluster is { } cluster && seams.Compiler is RuntimeCompiler)
            {
                // Shared runtime lists replace the local overlay files; compile again so the first snapshot has them.
                var lists = result.Config.Policy.Lists.Select(l => l.Id);
                seams = seams with { Compiler = new RuntimeCompiler(ClusterConnector.Connect(cluster, lists, parse.InvocationConfiguration.Error)) };
                result.Config.Proxy.Tls.DisposeCertificates(); // the first build is never put in force
                result = ConfigBuild.Run(path, seams.Compiler, previous: null);
                if (!result.Succeeded)
                {
                    ErrorPrinter.Print(parse.InvocationConfiguration.Error, path, result.Errors);
                    return 1;
                }
            }

            var initial = new ActiveConfig<RuntimeSnapshot>(result.Snapshot!, result.Config!, 1, TimeProvider.System.GetUtcNow());
            using var host = SipGuardHost.Build(path, initial, seams);
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (AdminBindException.In(e) is { } bind)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"sipguard: {bind.Message}").ConfigureAwait(false);
                return 1;
            }

            return 0;
        });
        return command;
    }
}
