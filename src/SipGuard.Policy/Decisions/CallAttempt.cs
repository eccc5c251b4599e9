namespace SipGuard.Policy;

/// <summary>
/// What the policy sees of one request: where it came from and every caller identity it presents, as
/// slices of the received bytes. The proxy builds it without allocating (identities in a reused array).
/// </summary>
public readonly struct CallAttempt
{
    /// <summary>
    /// The most identity values one request may present (every PAI, PPI, From, RPID and diverting
    /// entry together); a request with more is refused as <see cref="RuleIds.TooManyIdentities"/>.
    /// </summary>
    public const int MaxIdentities = 32;

    public CallAttempt(
        SourceEndpoint source,
        ReadOnlyMemory<CallerIdentity> identities,
        PrivacyFlags privacy = PrivacyFlags.None,
        SipTransport transport = SipTransport.Udp,
        int listenerId = 0,
        ReadOnlyMemory<byte> calledNumber = default,
        bool inDialog = false)
    {
        Source = source;
        Identities = identities;
        Privacy = privacy;
        Transport = transport;
        ListenerId = listenerId;
        CalledNumber = calledNumber;
        InDialog = inDialog;
    }

    public SourceEndpoint Source { get; }

    /// <summary>Every PAI value (sip and tel), From, RPID and P-Preferred-Identity, in header order.</summary>
    public ReadOnlyMemory<CallerIdentity> Identities { get; }

    /// <summary>Tokens of the Privacy header.</summary>
    public PrivacyFlags Privacy { get; }

    public SipTransport Transport { get; }

    /// <summary>Which listener received it (the host's index).</summary>
    public int ListenerId { get; }

    /// <summary>User part of the Request-URI (for explain and evidence; no rule uses it yet).</summary>
    public ReadOnlyMemory<byte> CalledNumber { get; }

    /// <summary>True for requests that are not an initial INVITE (in-dialog, or other methods): never screened.</summary>
    public bool InDialog { get; }
}
