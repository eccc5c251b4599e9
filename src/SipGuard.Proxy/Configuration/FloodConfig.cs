namespace SipGuard.Proxy.Configuration;

/// <summary>
/// Per-source flood detection (YAML <c>limits.flood</c>): a source address that sends more than
/// <paramref name="Requests"/> requests within <paramref name="Window"/> is ignored for
/// <paramref name="BlockFor"/>. Upstream targets are never blocked.
/// </summary>
public sealed record FloodConfig(int Requests, TimeSpan Window, TimeSpan BlockFor);
