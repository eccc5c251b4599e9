using SipGuard.Policy.Configuration;
using SipGuard.Policy.Lists;
using SipGuard.Policy.NumberSets;

namespace SipGuard.Policy;

/// <summary>One trunk as compiled: its settings and the number sets and lists in its scope. Immutable.</summary>
public sealed class TrunkSnapshot
{
    internal TrunkSnapshot(
        TrunkConfig config,
        bool blockDomesticCallers,
        NumberSet allowedCallers,
        NumberSet domesticExemptions,
        NumberList[] exemptLists,
        ListRule[] rejectLists,
        ListRule[] tagLists)
    {
        Config = config;
        BlockDomesticCallers = blockDomesticCallers;
        AllowedCallers = allowedCallers;
        DomesticExemptions = domesticExemptions;
        ExemptLists = exemptLists;
        RejectLists = rejectLists;
        TagLists = tagLists;
    }

    public TrunkConfig Config { get; }

    public string Id => Config.Id;

    public TrunkKind Kind => Config.Kind;

    public TrunkMode Mode => Config.Mode;

    public string Upstream => Config.Upstream;

    /// <summary>The whole trunk may send empty or withheld callers.</summary>
    public bool Special => Config.Special;

    /// <summary>Resolved: international trunks block domestic callers unless configured off.</summary>
    public bool BlockDomesticCallers { get; }

    public RegistrationRecord? Registration => Config.Registration;

    public bool AssertIdentity => Config.AssertIdentity;

    public bool StripUntrustedIdentity => Config.StripUntrustedIdentity;

    /// <summary>A diverting number inside allowed_callers excuses a From outside them.</summary>
    public bool AllowForwarded => Config.AllowForwarded;

    /// <summary>Ids of the lists applied on this trunk, reject lists first.</summary>
    public IEnumerable<string> ListIds => RejectLists.Select(l => l.Id).Concat(TagLists.Select(l => l.Id));

    internal NumberSet AllowedCallers { get; }

    internal NumberSet DomesticExemptions { get; }

    internal NumberList[] ExemptLists { get; }

    internal ListRule[] RejectLists { get; }

    internal ListRule[] TagLists { get; }

    /// <summary>True when this trunk may present <paramref name="number"/> (for asserting or stripping PAI).</summary>
    public bool MayPresent(E164Number number) => Kind != TrunkKind.PrivateLine || AllowedCallers.Contains(number);

    internal bool IsExemptFromDomesticRule(E164Number number)
    {
        if (DomesticExemptions.Contains(number))
        {
            return true;
        }

        foreach (var list in ExemptLists)
        {
            if (list.Numbers.Contains(number))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => $"{Id} ({Kind}, {Mode})";
}
