using System.Globalization;

namespace SipGuard.Integration.Tests;

/// <summary>
/// Debian's dnsmasq as an authoritative-only DNS server on a loopback address and port of its own
/// (no upstream servers, no /etc/hosts), serving the records of one config file with a 1 s TTL, so a
/// changed record reaches SipGuard within a refresh. Disposing kills it (this process only, by id).
/// </summary>
internal static class DnsmasqProcess
{
    public const string Address = "127.0.5.53";
    public const int Port = 5353;

    public static async Task<ResilienceProcess> StartAsync(string directory, string name, IEnumerable<string> records)
    {
        var config = Path.Combine(directory, $"{name}.conf");
        await File.WriteAllLinesAsync(config, records);
        var process = ResilienceProcess.Start("/usr/sbin/dnsmasq",
        [
            "--keep-in-foreground", "--no-daemon", "--log-facility=-", "--no-resolv", "--no-hosts", "--bind-interfaces",
            $"--listen-address={Address}", $"--port={Port.ToString(CultureInfo.InvariantCulture)}", "--local-ttl=1", "--pid-file=",
            "--user=root", $"--conf-file={config}",
        ]);
        await process.WaitForLineAsync("started");
        return process;
    }
}
