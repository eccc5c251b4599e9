namespace SipGuard.Configuration;

/// <summary>
/// The optional <c>cluster</c> section: several nodes share runtime list entries through one Redis server.
/// Absent: the node stands alone and needs no Redis.
/// </summary>
/// <param name="RedisHost">The Redis server's host name or address.</param>
/// <param name="RedisPort">Its TCP port.</param>
/// <param name="Node">This node's name, unique in the cluster (metrics, evidence and Redis records say it).</param>
/// <param name="KeyPrefix">Prefix of every key and channel SipGuard uses, so several clusters can share one Redis.</param>
/// <param name="Password">The Redis password (from <c>password_file</c>), or null.</param>
/// <param name="Tls">Whether the Redis connection uses TLS.</param>
public sealed record ClusterConfig(string RedisHost, int RedisPort, string Node, string KeyPrefix, string? Password, bool Tls)
{
    public const string DefaultKeyPrefix = "sipguard:";

    /// <summary>The endpoint as <c>HOST:PORT</c>, for logs and readiness detail.</summary>
    public string Endpoint => RedisHost.Contains(':', StringComparison.Ordinal) ? $"[{RedisHost}]:{RedisPort}" : $"{RedisHost}:{RedisPort}";
}
