using SipGuard.Policy;

namespace SipGuard.Proxy.Routing;

/// <summary>
/// YAML <c>trunks.&lt;id&gt;.tls_names</c>, compiled: for each trunk that has them, the certificate
/// names it accepts. Such a trunk's requests count as the trunk's only when they came over TLS with
/// a verified client certificate naming one of them, on top of the source address matching.
/// </summary>
internal sealed class TrunkCertificateNames
{
    private readonly Dictionary<TrunkSnapshot, HashSet<string>> _names;

    private TrunkCertificateNames(Dictionary<TrunkSnapshot, HashSet<string>> names) => _names = names;

    public static TrunkCertificateNames None { get; } = new(new Dictionary<TrunkSnapshot, HashSet<string>>(ReferenceEqualityComparer.Instance));

    public static TrunkCertificateNames Compile(PolicySnapshot policy, IReadOnlyDictionary<string, IReadOnlyList<string>> byTrunkId)
    {
        var names = new Dictionary<TrunkSnapshot, HashSet<string>>(ReferenceEqualityComparer.Instance);
        foreach (var trunk in policy.Trunks)
        {
            if (byTrunkId.TryGetValue(trunk.Id, out var list) && list.Count > 0)
            {
                // DNS names compare without regard to case (RFC 4343).
                names[trunk] = new HashSet<string>(list, StringComparer.OrdinalIgnoreCase);
            }
        }

        return new TrunkCertificateNames(names);
    }

    /// <summary>
    /// True when <paramref name="trunk"/> names no certificate, or <paramref name="peerNames"/> (the
    /// verified certificate's names; null without one) holds one of those it names.
    /// </summary>
    public bool Admits(TrunkSnapshot trunk, string[]? peerNames)
    {
        if (!_names.TryGetValue(trunk, out var accepted))
        {
            return true;
        }

        if (peerNames is null)
        {
            return false;
        }

        foreach (var name in peerNames)
        {
            if (accepted.Contains(name))
            {
                return true;
            }
        }

        return false;
    }
}
