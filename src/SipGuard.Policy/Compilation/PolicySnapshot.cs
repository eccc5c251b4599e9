using SipGuard.Policy.Configuration;
using SipGuard.Policy.Decisions;
using SipGuard.Policy.Lists;
using SipGuard.Policy.Numbering;
using SipGuard.Policy.NumberSets;
using SipGuard.Policy.Trunks;

namespace SipGuard.Policy;

/// <summary>
/// The compiled, immutable policy: swap it whole (one volatile write) and read it once per request.
/// <see cref="Decide"/> is the per-call path: no allocation, no locks.
/// </summary>
public sealed class PolicySnapshot
{
    internal PolicySnapshot(
        PolicyConfig config,
        NumberingPlan plan,
        NumberSet specialUsers,
        IReadOnlyList<TrunkSnapshot> trunks,
        TrunkMatcher matcher,
        IReadOnlyDictionary<string, NumberList> lists)
    {
        Config = config;
        Plan = plan;
        SpecialUsers = specialUsers;
        Trunks = trunks;
        Matcher = matcher;
        Lists = lists;
    }

    public PolicyConfig Config { get; }

    public IReadOnlyList<TrunkSnapshot> Trunks { get; }

    /// <summary>Entries loaded per list id (for reports and start-up logs).</summary>
    public IReadOnlyDictionary<string, int> ListEntries => Lists.ToDictionary(kv => kv.Key, kv => kv.Value.Entries);

    /// <summary>Statistics of a loaded list, or null when no list has that id.</summary>
    public ListStatistics? ListStatistics(string listId) =>
        Lists.TryGetValue(listId, out var l) ? new ListStatistics(l.Entries, l.Numbers.AllocatedBytes, l.LoadTime) : null;

    internal NumberingPlan Plan { get; }

    internal NumberSet SpecialUsers { get; }

    internal TrunkMatcher Matcher { get; }

    internal IReadOnlyDictionary<string, NumberList> Lists { get; }

    /// <summary>The trunk a source belongs to (longest prefix, port-specific first), or null.</summary>
    public TrunkSnapshot? FindTrunk(in SourceEndpoint source) => Matcher.Match(source);

    /// <summary>Decides one call attempt. Zero allocation.</summary>
    public Decision Decide(in CallAttempt attempt)
    {
        var trace = default(NoTrace);
        return PolicyEvaluator.Evaluate(this, attempt, ref trace);
    }

    /// <summary>Decides and records every step (for <c>sipguard explain</c>); allocates.</summary>
    public PolicyTrace Explain(in CallAttempt attempt)
    {
        var result = new PolicyTrace(attempt.Source.ToString(), attempt.Privacy);
        var trace = new RecordingTrace(result);
        result.Decision = PolicyEvaluator.Evaluate(this, attempt, ref trace);
        result.TrunkId = result.Decision.Trunk?.Id;
        return result;
    }

    /// <summary>Normalises one identity as the rules see it (digits in front of anonymous.invalid are still a number).</summary>
    public NormalizedNumber Normalize(in CallerIdentity identity)
    {
        var facts = default(IdentityFacts);
        PolicyEvaluator.Analyse(Plan, identity, ref facts);
        return facts.Normalized;
    }

    /// <summary>Writes the identity's E.164 number ("+86…", UTF-8) into <paramref name="destination"/>; false when it has none.</summary>
    public bool TryFormatNumber(in CallerIdentity identity, Span<byte> destination, out int bytesWritten) =>
        Normalize(identity).Number.TryFormat(destination, out bytesWritten);

    /// <summary>Writes the identity's E.164 number ("+86…", UTF-16) into <paramref name="destination"/>; false when it has none.</summary>
    public bool TryFormatNumber(in CallerIdentity identity, Span<char> destination, out int charsWritten) =>
        Normalize(identity).Number.TryFormat(destination, out charsWritten);

    /// <summary>Validity in the numbering plan (compiled plan or configured service numbers).</summary>
    public bool IsValidNumber(E164Number number) => Plan.IsValid(number);
}
