using System.CommandLine;
using SipGuard.Cli;
using SipGuard.Hosting;

namespace SipGuard.Tests.Evidence;

/// <summary>Runs the real <c>sipguard</c> command line in-process and captures its output and exit code.</summary>
internal static class EvidenceCli
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = SipGuardCli.Build(HostSeams.Default).Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }
}
