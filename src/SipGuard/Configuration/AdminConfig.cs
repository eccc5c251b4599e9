namespace SipGuard.Configuration;

/// <summary>The admin HTTP endpoint (YAML <c>admin</c>: <c>"http://127.0.0.1:9090"</c>, or <c>off</c>).</summary>
/// <param name="Listen">The prefix to serve health, metrics and reports on; null when switched off.</param>
public sealed record AdminConfig(Uri? Listen)
{
    public static AdminConfig Default { get; } = new(new Uri("http://127.0.0.1:9090/"));
}
