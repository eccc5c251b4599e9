namespace SipGuard.Policy.Configuration;

/// <summary>One voice line (YAML <c>trunks.&lt;id&gt;</c>): who may send on it and what it may send.</summary>
/// <param name="Id">The key under <c>trunks:</c>.</param>
/// <param name="Sources">CIDRs with an optional port (<c>127.0.0.2/32</c>, <c>127.0.0.2:5060</c>, <c>[::1]/128:5060</c>).</param>
/// <param name="Upstream">Name of the upstream accepted calls go to (resolved by the proxy, not the policy).</param>
/// <param name="AllowedCallers">Numbers, prefixes (<c>+86106602*</c>) and ranges (<c>+8610660220000..+8610660229999</c>).</param>
/// <param name="Special">The whole trunk is a special user: may send empty or withheld callers.</param>
/// <param name="BlockDomesticCallers">International trunks: a +86 caller is spoofed (default true for international).</param>
/// <param name="DomesticExemptions">Numbers/prefixes/ranges, or <c>list:&lt;name&gt;</c> references, exempt from the domestic-caller rule (e.g. roaming).</param>
/// <param name="AssertIdentity">On allow, the forwarded request carries exactly one P-Asserted-Identity, the verified number (RFC 3325).</param>
/// <param name="StripUntrustedIdentity">Remove the identity headers this trunk may not assert before forwarding (all PAI, PPI and RPID on international and interconnect trunks).</param>
/// <param name="AllowForwarded">A From outside <paramref name="AllowedCallers"/> is excused when a Diversion or History-Info entry names a number inside them.</param>
public sealed record TrunkConfig(
    string Id,
    TrunkKind Kind,
    IReadOnlyList<string> Sources,
    string Upstream,
    TrunkMode Mode,
    IReadOnlyList<string> AllowedCallers,
    bool Special,
    bool? BlockDomesticCallers,
    IReadOnlyList<string> DomesticExemptions,
    RegistrationRecord? Registration,
    bool AssertIdentity = false,
    bool StripUntrustedIdentity = false,
    bool AllowForwarded = false);
