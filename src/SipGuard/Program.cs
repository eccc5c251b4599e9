using System.CommandLine;
using SipGuard.Cli;
using SipGuard.Hosting;

// The Generic Host handles SIGTERM/Ctrl+C itself (and systemd's stop), so the command line must not also.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await SipGuardCli.Build(HostSeams.Default).Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
