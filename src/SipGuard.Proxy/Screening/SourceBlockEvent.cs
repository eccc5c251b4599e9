using SipGuard.Policy;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;

namespace SipGuard.Proxy.Screening;

/// <summary>
/// A source that sent more than <c>limits.flood.requests</c> in the window and is now ignored for
/// <see cref="BlockFor"/>; <see cref="Request"/> is the request that tipped it over (valid only during the call).
/// </summary>
public readonly ref struct SourceBlockEvent(SipMessage request, SipEndpoint source, SipTransportKind transport, TrunkSnapshot? trunk, TimeSpan blockFor)
{
    /// <summary>The rule id evidence records and reports carry for a flood block.</summary>
    public const string RuleId = "flood";

    public SipMessage Request { get; } = request;

    public SipEndpoint Source { get; } = source;

    public SipTransportKind Transport { get; } = transport;

    /// <summary>The trunk the source belongs to, if any.</summary>
    public TrunkSnapshot? Trunk { get; } = trunk;

    public TimeSpan BlockFor { get; } = blockFor;
}
