using System.Net;
using SipGuard.Configuration;

namespace SipGuard.Admin;

/// <summary>The admin address settled at start-up (a reload does not move it) and the socket address Kestrel binds for it.</summary>
/// <param name="Listen">The configured <c>admin</c> URL, or null when it is <c>off</c>.</param>
internal sealed record AdminEndpoint(Uri? Listen)
{
    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string MetricsPath = "/metrics";

    public static AdminEndpoint From(AdminConfig config) => new(config.Listen);

    /// <summary>The addresses to bind: the configured IP, loopback for <c>localhost</c>, or what a host name resolves to.</summary>
    public IReadOnlyList<IPEndPoint> BindAddresses()
    {
        var listen = Listen ?? throw new InvalidOperationException("admin is off");
        var host = listen.HostNameType == UriHostNameType.IPv6 ? listen.Host.Trim('[', ']') : listen.IdnHost;
        if (IPAddress.TryParse(host, out var address))
        {
            return [new IPEndPoint(address, listen.Port)];
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return [new IPEndPoint(IPAddress.Loopback, listen.Port)];
        }

        return Dns.GetHostAddresses(host).Select(a => new IPEndPoint(a, listen.Port)).ToArray();
    }
}
