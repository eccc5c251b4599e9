using SipGuard.Configuration;

namespace SipGuard.Admin;

/// <summary>The admin address settled at start-up (a reload does not move it) and the HttpListener prefixes on it.</summary>
/// <param name="Listen">The configured <c>admin</c> URL, or null when it is <c>off</c>.</param>
internal sealed record AdminEndpoint(Uri? Listen)
{
    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string MetricsPath = "/metrics";

    public static AdminEndpoint From(AdminConfig config) => new(config.Listen);

    /// <summary>The listener prefix for <paramref name="path"/>; a wildcard bind address becomes HttpListener's <c>+</c>.</summary>
    public string Prefix(string path) => $"{Authority()}{path}/";

    /// <summary><c>scheme://host:port</c> as HttpListener wants it.</summary>
    public string Authority() => $"{Listen!.Scheme}://{ListenerHost()}:{Listen.Port}";

    /// <summary>The host part of an HttpListener prefix: the configured address, or <c>+</c> for a wildcard bind.</summary>
    public string ListenerHost()
    {
        var listen = Listen ?? throw new InvalidOperationException("admin is off");
        var host = listen.HostNameType == UriHostNameType.IPv6 ? $"[{listen.IdnHost}]" : listen.IdnHost;
        return host is "0.0.0.0" or "[::]" ? "+" : host;
    }
}
