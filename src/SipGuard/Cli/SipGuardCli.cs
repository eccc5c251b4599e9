using System.CommandLine;
using SipGuard.Hosting;

namespace SipGuard.Cli;

/// <summary>The <c>sipguard</c> command line: <c>run</c>, <c>check</c>, <c>explain</c>, plus <c>--help</c> and <c>--version</c>.</summary>
public static class SipGuardCli
{
    public static RootCommand Build(HostSeams seams)
    {
        var root = new RootCommand(
            "SipGuard: a SIP proxy that authenticates caller numbers in front of call-center trunks "
            + "(private-line whitelists, +86 spoofing at international gateways, withheld and unassigned callers, "
            + "police blacklists) and records evidence of every interception.")
        {
            RunCommand.Create(seams),
            CheckCommand.Create(seams),
            ExplainCommand.Create(seams),
            EvidenceCommand.Create(),
            ReportCommand.Create(),
            WhatIfCommand.Create(seams),
        };
        return root;
    }
}
