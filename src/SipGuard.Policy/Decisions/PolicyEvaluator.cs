using SipGuard.Policy.Configuration;
using SipGuard.Policy.Lists;

namespace SipGuard.Policy.Decisions;

/// <summary>
/// The decision order of DESIGN.md, first match wins. Generic over the trace so the hot path
/// (<see cref="NoTrace"/>) carries no tracing code and allocates nothing; identity facts live on the stack.
/// </summary>
internal static class PolicyEvaluator
{

    public static Decision Evaluate<TTrace>(PolicySnapshot snapshot, in CallAttempt attempt, ref TTrace trace)
        where TTrace : struct, IDecisionTrace
    {
        // Identities first (cheap, on the stack) so explain shows them even for a stranger.
        // Above the limit the request is refused below; only the first MaxIdentities are analysed,
        // so the facts always fit on the stack.
        var presented = attempt.Identities.Span;
        var ids = presented.Length <= CallAttempt.MaxIdentities ? presented : presented[..CallAttempt.MaxIdentities];
        Span<IdentityFacts> facts = stackalloc IdentityFacts[CallAttempt.MaxIdentities];
        facts = facts[..ids.Length];
        var plan = snapshot.Plan;
        var withheld = (attempt.Privacy & PrivacyFlags.Withholding) != 0;
        var anyNumber = false;
        var caller = -1;
        var callerRank = int.MaxValue;
        for (var i = 0; i < ids.Length; i++)
        {
            ref var f = ref facts[i];
            Analyse(plan, ids[i], ref f);
            if (f.Diverting)
            {
                // Who diverted the call says nothing of who is calling: neither the caller nor withheld.
            }
            else if (f.HasNumber)
            {
                anyNumber = true;
                var rank = Rank(ids[i].Origin);
                if (rank < callerRank)
                {
                    callerRank = rank;
                    caller = i;
                }
            }

            withheld |= !f.Diverting && (f.Anonymous | f.Withholds);

            if (trace.Enabled)
            {
                var n = f.Normalized;
                trace.Identity(new IdentityTrace(
                    i,
                    ids[i].ToString(),
                    n.Number.ToString(),
                    n.Form,
                    n.Anomalies,
                    f.Anonymous,
                    f.Withholds,
                    n.HasNumber ? n.Anomalies == NumberAnomaly.None && plan.IsValid(n.Number) : null));
            }
        }

        // 1. Unknown peer: never forward for strangers.
        var trunk = snapshot.Matcher.Match(attempt.Source);
        if (trunk is null)
        {
            if (trace.Enabled)
            {
                trace.Step(1, RuleIds.UnknownPeer, StepVerdict.Decided, $"no trunk has a source matching {attempt.Source}");
            }

            return new Decision(DecisionOutcome.Reject, 403, ReasonPhrases.Forbidden, RuleIds.UnknownPeer, null, default);
        }

        if (trace.Enabled)
        {
            trace.Step(1, RuleIds.UnknownPeer, StepVerdict.Pass, $"source {attempt.Source} is trunk {trunk.Id} ({trunk.Kind}, mode {trunk.Mode})");
        }

        var callerNumber = caller >= 0 ? facts[caller].Normalized.Number : default;
        var forwarded = false;

        // 2. Unscreened: trunk off, or not an initial INVITE.
        if (trunk.Mode == TrunkMode.Off || attempt.InDialog)
        {
            if (trace.Enabled)
            {
                trace.Step(2, RuleIds.NotScreened, StepVerdict.Decided, attempt.InDialog ? "not an initial INVITE: forwarded unscreened" : "trunk mode is off");
            }

            return new Decision(DecisionOutcome.Allow, 0, ReasonPhrases.Ok, RuleIds.NotScreened, trunk, callerNumber);
        }

        if (trace.Enabled)
        {
            trace.Step(2, RuleIds.NotScreened, StepVerdict.Pass, "initial INVITE on a screened trunk");
        }

        var monitor = trunk.Mode == TrunkMode.Monitor;
        if (!trunk.AllowForwarded)
        {
            // Without allow_forwarded a diverting entry excuses nothing and is not screened.
            for (var i = 0; i < facts.Length; i++)
            {
                if (facts[i].Diverting)
                {
                    facts[i] = default;
                }
            }
        }

        // 2a. Fail closed on what cannot be screened: never skip an identity.
        if (presented.Length > CallAttempt.MaxIdentities)
        {
            if (trace.Enabled)
            {
                trace.Step(2, RuleIds.TooManyIdentities, StepVerdict.Decided, $"{presented.Length} identity values, more than the {CallAttempt.MaxIdentities} SipGuard screens");
            }

            return Verdict(monitor, 403, ReasonPhrases.Forbidden, RuleIds.TooManyIdentities, trunk, callerNumber, default, -1, null);
        }

        for (var i = 0; i < facts.Length; i++)
        {
            if (facts[i].Unreadable)
            {
                if (trace.Enabled)
                {
                    trace.Step(2, RuleIds.UnreadableIdentity, StepVerdict.Decided, $"{ids[i]} cannot be read as a number or a name, or is in a scheme SipGuard does not screen");
                }

                return Verdict(monitor, 403, ReasonPhrases.Forbidden, RuleIds.UnreadableIdentity, trunk, callerNumber, default, i, null);
            }
        }

        if (trace.Enabled)
        {
            trace.Step(2, RuleIds.UnreadableIdentity, StepVerdict.Pass, $"all {facts.Length} identity values readable");
        }

        // 3. Blacklists in scope, on every presented number.
        foreach (var rule in trunk.RejectLists)
        {
            for (var i = 0; i < facts.Length; i++)
            {
                var number = facts[i].Normalized.Number;
                if (!number.IsEmpty && rule.List.Numbers.Contains(number))
                {
                    if (trace.Enabled)
                    {
                        trace.Step(3, RuleIds.Blacklisted, StepVerdict.Decided, $"{number} ({ids[i].Origin}) is on list {rule.Id}");
                    }

                    return Verdict(monitor, rule.Status, rule.ReasonPhrase, RuleIds.Blacklisted, trunk, callerNumber, number, i, rule.Id);
                }
            }
        }

        if (trace.Enabled)
        {
            trace.Step(3, RuleIds.Blacklisted, trunk.RejectLists.Length == 0 ? StepVerdict.NotApplicable : StepVerdict.Pass,
                trunk.RejectLists.Length == 0 ? "no reject list applies to this trunk" : $"no presented number is on {string.Join(", ", trunk.RejectLists.Select(r => r.Id))}");
        }

        if (trunk.Kind != TrunkKind.Trusted)
        {
            // 4. No caller number at all.
            if (!anyNumber)
            {
                if (!trunk.Special)
                {
                    if (trace.Enabled)
                    {
                        trace.Step(4, RuleIds.EmptyCaller, StepVerdict.Decided, "no identity presents a number");
                    }

                    return Verdict(monitor, 433, ReasonPhrases.AnonymityDisallowed, RuleIds.EmptyCaller, trunk, callerNumber, default, -1, null);
                }

                if (trace.Enabled)
                {
                    trace.Step(4, RuleIds.EmptyCaller, StepVerdict.Pass, "no number, but the trunk is special");
                }
            }
            else if (trace.Enabled)
            {
                trace.Step(4, RuleIds.EmptyCaller, StepVerdict.Pass, $"caller number {callerNumber} ({ids[caller].Origin})");
            }

            // 5. Withheld.
            if (withheld)
            {
                var special = trunk.Special || (!callerNumber.IsEmpty && snapshot.SpecialUsers.Contains(callerNumber));
                if (!special)
                {
                    if (trace.Enabled)
                    {
                        trace.Step(5, RuleIds.WithheldCaller, StepVerdict.Decided, $"caller withheld (Privacy: {attempt.Privacy}, anonymous or RPID privacy) and {(callerNumber.IsEmpty ? "no number" : callerNumber + " is not a special user")}");
                    }

                    return Verdict(monitor, 433, ReasonPhrases.AnonymityDisallowed, RuleIds.WithheldCaller, trunk, callerNumber, callerNumber, caller, null);
                }

                if (trace.Enabled)
                {
                    trace.Step(5, RuleIds.WithheldCaller, StepVerdict.Pass, trunk.Special ? "withheld, but the trunk is special" : $"withheld, but {callerNumber} is a special user");
                }
            }
            else if (trace.Enabled)
            {
                trace.Step(5, RuleIds.WithheldCaller, StepVerdict.Pass, "not withheld");
            }

            // 6. Numbering plan.
            for (var i = 0; i < facts.Length; i++)
            {
                ref readonly var n = ref facts[i].Normalized;
                if (n.HasNumber && (n.Anomalies != NumberAnomaly.None || !plan.IsValid(n.Number)))
                {
                    if (trace.Enabled)
                    {
                        trace.Step(6, RuleIds.InvalidNumber, StepVerdict.Decided, $"{ids[i].Origin} number {(n.Number.IsEmpty ? "(unusable)" : n.Number.ToString())} is not valid in the numbering plan{(n.Anomalies != NumberAnomaly.None ? " (" + n.Anomalies + ")" : string.Empty)}");
                    }

                    return Verdict(monitor, 403, ReasonPhrases.Forbidden, RuleIds.InvalidNumber, trunk, callerNumber, n.Number, i, null);
                }
            }

            if (trace.Enabled)
            {
                trace.Step(6, RuleIds.InvalidNumber, StepVerdict.Pass, "every presented number is valid");
            }

            // 7. Private line: every presented number must be allowed; a valid PAI does not excuse a spoofed From.
            if (trunk.Kind == TrunkKind.PrivateLine)
            {
                var outside = -1;
                for (var i = 0; i < facts.Length && outside < 0; i++)
                {
                    if (facts[i].HasNumber && !facts[i].Diverting && !trunk.AllowedCallers.Contains(facts[i].Normalized.Number))
                    {
                        outside = i;
                    }
                }

                var diverter = outside >= 0 ? AllowedDiverter(trunk, facts) : -1;
                if (outside >= 0 && diverter < 0)
                {
                    var number = facts[outside].Normalized.Number;
                    if (trace.Enabled)
                    {
                        trace.Step(7, RuleIds.CallerNotAllowed, StepVerdict.Decided, $"{ids[outside].Origin} number {number} is outside allowed_callers of {trunk.Id}{(trunk.AllowForwarded ? " and no diverting number is inside them" : string.Empty)}");
                    }

                    return Verdict(monitor, 403, ReasonPhrases.Forbidden, RuleIds.CallerNotAllowed, trunk, callerNumber, number, outside, null);
                }

                forwarded = diverter >= 0;
                if (trace.Enabled)
                {
                    trace.Step(7, RuleIds.CallerNotAllowed, StepVerdict.Pass, forwarded
                        ? $"{ids[outside].Origin} number {facts[outside].Normalized.Number} is outside allowed_callers, but the call was forwarded by {facts[diverter].Normalized.Number} ({ids[diverter].Origin}), which is inside them (allow_forwarded)"
                        : "every presented number is in allowed_callers");
                }
            }
            else if (trace.Enabled)
            {
                trace.Step(7, RuleIds.CallerNotAllowed, StepVerdict.NotApplicable, "not a private line");
            }

            // 8. International trunk: a domestic caller is spoofed unless exempt.
            if (trunk.Kind == TrunkKind.International && trunk.BlockDomesticCallers)
            {
                for (var i = 0; i < facts.Length; i++)
                {
                    var number = facts[i].Normalized.Number;
                    if (!number.IsEmpty && plan.IsDomestic(number) && !trunk.IsExemptFromDomesticRule(number))
                    {
                        if (trace.Enabled)
                        {
                            trace.Step(8, RuleIds.DomesticCallerOnInternational, StepVerdict.Decided, $"{ids[i].Origin} number {number} is domestic and not exempt");
                        }

                        return Verdict(monitor, 403, ReasonPhrases.Forbidden, RuleIds.DomesticCallerOnInternational, trunk, callerNumber, number, i, null);
                    }
                }

                if (trace.Enabled)
                {
                    trace.Step(8, RuleIds.DomesticCallerOnInternational, StepVerdict.Pass, "no domestic number, or exempt");
                }
            }
            else if (trace.Enabled)
            {
                trace.Step(8, RuleIds.DomesticCallerOnInternational, StepVerdict.NotApplicable, "not an international trunk blocking domestic callers");
            }
        }
        else if (trace.Enabled)
        {
            trace.Step(4, "caller-rules", StepVerdict.NotApplicable, "trusted trunk: only lists apply");
        }

        // 9. Grey lists: forward with a warning.
        foreach (var rule in trunk.TagLists)
        {
            for (var i = 0; i < facts.Length; i++)
            {
                var number = facts[i].Normalized.Number;
                if (!number.IsEmpty && rule.List.Numbers.Contains(number))
                {
                    if (trace.Enabled)
                    {
                        trace.Step(9, RuleIds.GreyListed, StepVerdict.Decided, $"{number} is on grey list {rule.Id}: tag '{rule.Tag}'");
                    }

                    return new Decision(DecisionOutcome.Tag, 0, ReasonPhrases.Ok, RuleIds.GreyListed, trunk, callerNumber, number, i, rule.Tag, rule.Id, forwarded);
                }
            }
        }

        if (trace.Enabled)
        {
            trace.Step(9, RuleIds.GreyListed, trunk.TagLists.Length == 0 ? StepVerdict.NotApplicable : StepVerdict.Pass, "not grey-listed");
            trace.Step(10, forwarded ? RuleIds.Forwarded : RuleIds.Allowed, StepVerdict.Decided, forwarded ? "forward (a forwarded call)" : "forward");
        }

        // 10. Allow.
        return new Decision(DecisionOutcome.Allow, 0, ReasonPhrases.Ok, forwarded ? RuleIds.Forwarded : RuleIds.Allowed, trunk, callerNumber, callerNumber, caller, forwarded: forwarded);
    }

    /// <summary>With allow_forwarded, the first diverting entry whose number is inside allowed_callers; else -1.</summary>
    private static int AllowedDiverter(TrunkSnapshot trunk, ReadOnlySpan<IdentityFacts> facts)
    {
        if (!trunk.AllowForwarded)
        {
            return -1;
        }

        for (var i = 0; i < facts.Length; i++)
        {
            if (facts[i].Diverting && facts[i].HasNumber && trunk.AllowedCallers.Contains(facts[i].Normalized.Number))
            {
                return i;
            }
        }

        return -1;
    }

    private static Decision Verdict(bool monitor, int status, string reason, string rule, TrunkSnapshot trunk, E164Number caller, E164Number number, int index, string? listId) =>
        new(monitor ? DecisionOutcome.WouldReject : DecisionOutcome.Reject, status, reason, rule, trunk, caller, number, index, null, listId);

    /// <summary>Which identity names the caller: PAI, then P-Preferred-Identity, then RPID, then From.</summary>
    private static int Rank(IdentityOrigin origin) => origin switch
    {
        IdentityOrigin.Pai => 0,
        IdentityOrigin.Ppi => 1,
        IdentityOrigin.Rpid => 2,
        _ => 3,
    };

    internal static void Analyse(Numbering.NumberingPlan plan, in CallerIdentity identity, ref IdentityFacts facts)
    {
        var user = identity.UserPart.Span;
        var host = identity.Host.Span;
        facts.Normalized = plan.Normalize(user, identity.PhoneContext.Span);

        // One definition of anonymous for every header (RFC 3323 §4.1.1.3 and common practice).
        facts.Anonymous = System.Text.Ascii.EqualsIgnoreCase(user, "anonymous"u8)
            || System.Text.Ascii.EqualsIgnoreCase(host, "anonymous.invalid"u8)
            || (!facts.Normalized.HasNumber && System.Text.Ascii.EqualsIgnoreCase(identity.DisplayName.Span, "Anonymous"u8));
        // Digits in front of anonymous.invalid stay a presented number: the identity withholds, and
        // its number is still screened (a callee's phone may show it; on a special line it must be allowed).
        facts.Unreadable = (facts.Normalized.Anomalies & NumberAnomaly.Unreadable) != 0
            || (identity.Flags & IdentityFlags.OtherScheme) != 0
            || ((identity.Flags & (IdentityFlags.IsTel | IdentityFlags.UserEqualsPhone)) != 0 && !user.IsEmpty && !facts.Normalized.HasNumber && !facts.Anonymous);
        facts.Diverting = identity.Origin is IdentityOrigin.Diversion or IdentityOrigin.HistoryInfo;
        facts.Withholds = identity.Origin == IdentityOrigin.Rpid && identity.RpidPrivacy is RpidPrivacy.Full or RpidPrivacy.Uri;
    }
}
