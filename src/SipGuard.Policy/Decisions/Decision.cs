namespace SipGuard.Policy;

/// <summary>
/// The policy's verdict on one call attempt. Every string in it is preallocated by the snapshot, so
/// deciding allocates nothing.
/// </summary>
public readonly struct Decision
{
    internal Decision(
        DecisionOutcome outcome,
        int status,
        string reasonPhrase,
        string ruleId,
        TrunkSnapshot? trunk,
        E164Number callerNumber,
        E164Number ruleNumber = default,
        int identityIndex = -1,
        string? tag = null,
        string? listId = null,
        bool forwarded = false)
    {
        Forwarded = forwarded;
        Outcome = outcome;
        Status = (short)status;
        ReasonPhrase = reasonPhrase;
        RuleId = ruleId;
        Trunk = trunk;
        CallerNumber = callerNumber;
        RuleNumber = ruleNumber;
        IdentityIndex = (short)identityIndex;
        Tag = tag;
        ListId = listId;
    }

    public DecisionOutcome Outcome { get; }

    /// <summary>SIP status to answer with (Reject), or would have answered with (WouldReject); 0 otherwise.</summary>
    public short Status { get; }

    public string ReasonPhrase { get; }

    /// <summary>The rule that decided (<see cref="RuleIds"/>).</summary>
    public string RuleId { get; }

    /// <summary>Label to warn the callee with (Tag).</summary>
    public string? Tag { get; }

    /// <summary>The list that matched (blacklisted, grey-listed).</summary>
    public string? ListId { get; }

    /// <summary>The trunk the source matched; null for an unknown peer.</summary>
    public TrunkSnapshot? Trunk { get; }

    /// <summary>The caller's number in E.164 (PAI, else P-Preferred-Identity, else RPID, else From); None when no identity has one.</summary>
    public E164Number CallerNumber { get; }

    /// <summary>The number the deciding rule judged (e.g. the spoofed From), when a number was at fault.</summary>
    public E164Number RuleNumber { get; }

    /// <summary>Index in <see cref="CallAttempt.Identities"/> of the identity the rule judged; -1 when none.</summary>
    public short IdentityIndex { get; }

    /// <summary>
    /// The From (or another identity) is outside allowed_callers but a diverting number (Diversion,
    /// History-Info) inside them excused it (<c>allow_forwarded</c>): evidence records "forwarded".
    /// </summary>
    public bool Forwarded { get; }

    /// <summary>True when the call goes on (Allow, Tag, WouldReject).</summary>
    public bool Forwards => Outcome != DecisionOutcome.Reject;

    public override string ToString() =>
        $"{Outcome} {(Status != 0 ? Status + " " + ReasonPhrase + " " : string.Empty)}[{RuleId}]" +
        $"{(Tag is null ? string.Empty : " tag=" + Tag)}{(ListId is null ? string.Empty : " list=" + ListId)}" +
        $"{(Trunk is null ? string.Empty : " trunk=" + Trunk.Id)}{(CallerNumber.IsEmpty ? string.Empty : " caller=" + CallerNumber)}" +
        $"{(RuleNumber.IsEmpty ? string.Empty : " number=" + RuleNumber)}{(Forwarded ? " forwarded" : string.Empty)}";
}
