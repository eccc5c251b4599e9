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

    /// <summary>Describes one request; only <paramref name="source"/> and <paramref name="identities"/> are needed for an initial INVITE.</summary>
    /// <param name="source">Address and port the request came from.</param>
    /// <param name="identities">Every caller identity presented, in header order.</param>
    /// <param name="privacy">Tokens of the Privacy header.</param>
    /// <param name="transport">Transport it arrived on.</param>
    /// <param name="listenerId">Which of the application's listeners received it.</param>
    /// <param name="calledNumber">User part of the Request-URI.</param>
    /// <param name="inDialog">True for anything but an initial INVITE: not screened.</param>
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

    /// <summary>Address and port the request came from; selects the trunk.</summary>
    public SourceEndpoint Source { get; }

    /// <summary>Every PAI value (sip and tel), From, RPID and P-Preferred-Identity, in header order.</summary>
    public ReadOnlyMemory<CallerIdentity> Identities { get; }

    /// <summary>Tokens of the Privacy header.</summary>
    public PrivacyFlags Privacy { get; }

    /// <summary>Transport the request arrived on.</summary>
    public SipTransport Transport { get; }

    /// <summary>Which listener received it (the host's index).</summary>
    public int ListenerId { get; }

    /// <summary>User part of the Request-URI (for explain and evidence; no rule uses it yet).</summary>
    public ReadOnlyMemory<byte> CalledNumber { get; }

    /// <summary>True for requests that are not an initial INVITE (in-dialog, or other methods): never screened.</summary>
    public bool InDialog { get; }
}
