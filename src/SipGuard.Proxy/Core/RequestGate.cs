using SipGuard.Proxy.Transactions;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;
using SipGuard.Sip.Validation;

namespace SipGuard.Proxy.Core;

/// <summary>
/// The validate stage: every parsed request passes here before anything routes it. The rules are
/// <see cref="SipRequestValidator"/>'s (RFC 3261 §8.2, §16.3 steps 1–3 and 6: mandatory and
/// single-value headers, CSeq method, Max-Forwards, URI schemes, Proxy-Require, header bytes),
/// the same instance the conformance tests judge; the one rule only a proxy can apply is added:
/// a request carrying a Via of ours has looped (§16.3 step 4, we never retarget).
/// </summary>
internal sealed class RequestGate
{
    // SipGuard supports no option tag a caller could demand of a proxy (Proxy-Require → 420).
    private readonly SipRequestValidator _validator = new();
    private readonly LocalAddresses _local;

    public RequestGate(LocalAddresses local)
    {
        _local = local;
    }

    public SipParseError Check(SipMessage request)
    {
        var error = _validator.Validate(request, SipValidationRole.Proxy);
        if (error.IsError)
        {
            return error;
        }

        var vias = request.GetValues(KnownHeader.Via);
        while (vias.MoveNext())
        {
            if (ViaValue.TryParse(request.Span, vias.Current, out var via) &&
                BranchId.TryRead(request[via.Branch], out _, out _) &&
                _local.IsUsHostPort(request[via.Host], via.Port))
            {
                return new SipParseError(SipParseErrorKind.LoopDetected, vias.Current.Offset);
            }
        }

        return SipParseError.None;
    }
}
