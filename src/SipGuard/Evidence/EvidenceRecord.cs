using SipGuard.Policy;
using SipGuard.Policy.Configuration;
using SipGuard.Sip.Transports;

namespace SipGuard.Evidence;

/// <summary>
/// One intercepted INVITE, copied off the receive buffer so the request can be reused. Pooled: the
/// header values are raw bytes in one rented buffer (no strings built on the receive thread); every
/// string field refers to a string the policy snapshot already owns.
/// </summary>
internal sealed class EvidenceRecord
{
    public const int MaxIdentities = 4;

    /// <summary>The most INVITE bytes a record keeps; a longer request is cut there and marked.</summary>
    public const int MaxInviteBytes = 8 * 1024;

    public byte[] Text { get; set; } = [];

    public long UnixMilliseconds { get; set; }

    public string? TrunkId { get; set; }

    public TrunkMode? Mode { get; set; }

    public SipEndpoint Source { get; set; }

    public SipTransportKind Transport { get; set; }

    public TextRange CallId { get; set; }

    public TextRange RequestUri { get; set; }

    public TextRange From { get; set; }

    public TextRange To { get; set; }

    public TextRange Privacy { get; set; }

    public TextRange[] Pai { get; } = new TextRange[MaxIdentities];

    public int PaiCount { get; set; }

    public TextRange[] Rpid { get; } = new TextRange[MaxIdentities];

    public int RpidCount { get; set; }

    public DecisionOutcome Outcome { get; set; }

    public short Status { get; set; }

    public string ReasonPhrase { get; set; } = string.Empty;

    public string RuleId { get; set; } = string.Empty;

    public string? Tag { get; set; }

    public string? ListId { get; set; }

    /// <summary>Set for a list-change record (admin list API); null for a screened call.</summary>
    public ListChangeEvidence? ListChange { get; set; }

    public E164Number CallerNumber { get; set; }

    public E164Number RuleNumber { get; set; }

    public int ResponseStatus { get; set; }

    /// <summary>What the line is: a screened call (the default), a checkpoint or a totals summary.</summary>
    public EvidenceRecordKind Kind { get; set; }

    /// <summary>The request as received, up to <see cref="MaxInviteBytes"/>.</summary>
    public TextRange Invite { get; set; }

    /// <summary>The request's full size; larger than <see cref="Invite"/> when it was cut.</summary>
    public int InviteLength { get; set; }

    /// <summary>The compiled config that decided (null for flood blocks): the writer re-walks the decision with it for the trace.</summary>
    public SipGuard.Proxy.Routing.ProxySnapshot? Snapshot { get; set; }

    public ReadOnlySpan<byte> this[TextRange range] => Text.AsSpan(range.Offset, range.Length);
}
