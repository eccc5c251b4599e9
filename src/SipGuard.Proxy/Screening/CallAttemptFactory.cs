using System.Text;
using SipGuard.Policy;
using SipGuard.Proxy.Core;
using SipGuard.Proxy.Routing;
using SipGuard.Sip.Headers;
using SipGuard.Sip.Messages;
using SipGuard.Sip.Transports;
using PolicyPrivacy = SipGuard.Policy.PrivacyFlags;
using PolicyRpidPrivacy = SipGuard.Policy.RpidPrivacy;
using SipPrivacy = SipGuard.Sip.Headers.PrivacyFlags;
using SipRpidPrivacy = SipGuard.Sip.Headers.RpidPrivacy;

namespace SipGuard.Proxy.Screening;

/// <summary>
/// Turns an initial request's identity headers into the policy engine's <see cref="CallAttempt"/>:
/// every value of every P-Asserted-Identity, P-Preferred-Identity, From and Remote-Party-ID line,
/// and the diverting entries of Diversion and History-Info (screened only with allow_forwarded),
/// as slices of the received buffer (no strings), in the workspace's reusable identity array. Nothing
/// is skipped: a request with more values than <see cref="CallAttempt.MaxIdentities"/> gets one
/// entry more than the limit, which the policy refuses.
/// </summary>
internal static class CallAttemptFactory
{
    /// <summary>False when an identity header is malformed (the caller answers 400).</summary>
    public static bool TryCreate(ProxyWorkspace workspace, SipEndpoint source, SipTransportKind transport, int listenerId, out CallAttempt attempt)
    {
        var message = workspace.Message;
        var identities = new IdentityList(workspace.Identities);
        attempt = default;
        if (!AddNameAddrs(message, KnownHeader.PAssertedIdentity, IdentityOrigin.Pai, ref identities)
            || !AddNameAddrs(message, KnownHeader.PPreferredIdentity, IdentityOrigin.Ppi, ref identities)
            || !AddNameAddrs(message, KnownHeader.From, IdentityOrigin.From, ref identities)
            || !message.Has(KnownHeader.From))
        {
            return false;
        }

        foreach (var v in message.GetValues(KnownHeader.RemotePartyId))
        {
            if (!RemotePartyId.TryParse(message.Span, v, out var value))
            {
                return false;
            }

            var screenNo = value.Screen.Length == 2 && message[value.Screen].SequenceEqual("no"u8);
            if (!identities.TryAdd(FromNameAddr(message, IdentityOrigin.Rpid, value.Address, Map(value.Privacy), screenNo)))
            {
                break;
            }
        }

        AddDiverting(message, KnownHeader.Diversion, IdentityOrigin.Diversion, ref identities);
        var history = identities.Count;
        AddDiverting(message, KnownHeader.HistoryInfo, IdentityOrigin.HistoryInfo, ref identities);
        if (identities.Count > history && identities.Count <= CallAttempt.MaxIdentities)
        {
            // The last History-Info entry is the current target (RFC 7044 §10.3), not a diverting number.
            identities.RemoveLast();
        }

        attempt = new CallAttempt(
            ProxySnapshot.ToSourceEndpoint(source),
            workspace.Identities.AsMemory(0, identities.Count),
            Map(message.Privacy),
            transport switch { SipTransportKind.Tcp => SipTransport.Tcp, SipTransportKind.Tls => SipTransport.Tls, _ => SipTransport.Udp },
            listenerId,
            RequestUriUser(message));
        return true;
    }

    /// <summary>Every value of every line of a name-addr identity header; false when one is malformed.</summary>
    private static bool AddNameAddrs(SipMessage message, KnownHeader header, IdentityOrigin origin, ref IdentityList identities)
    {
        foreach (var v in message.GetValues(header))
        {
            if (!NameAddr.TryParse(message.Span, v, out var nameAddr))
            {
                return false;
            }

            if (!identities.TryAdd(FromNameAddr(message, origin, nameAddr, PolicyRpidPrivacy.None, screenNo: false)))
            {
                return true; // full: one over the limit is stored, and the policy refuses the request
            }
        }

        return true;
    }

    /// <summary>
    /// Diversion and History-Info entries, which only a trunk with <c>allow_forwarded</c> screens:
    /// one that does not parse becomes an unreadable identity (refused there, ignored elsewhere)
    /// rather than a 400 for every trunk.
    /// </summary>
    private static void AddDiverting(SipMessage message, KnownHeader header, IdentityOrigin origin, ref IdentityList identities)
    {
        foreach (var v in message.GetValues(header))
        {
            var identity = NameAddr.TryParse(message.Span, v, out var nameAddr)
                ? FromNameAddr(message, origin, nameAddr, PolicyRpidPrivacy.None, screenNo: false)
                : new CallerIdentity(origin, default, flags: IdentityFlags.OtherScheme);
            if (!identities.TryAdd(identity))
            {
                return;
            }
        }
    }

    /// <summary>One value of a P-Asserted-Identity, P-Preferred-Identity or Remote-Party-ID line, as screening reads it.</summary>
    internal static bool TryReadIdentity(SipMessage message, KnownHeader header, ByteRange value, out CallerIdentity identity)
    {
        identity = default;
        if (header == KnownHeader.RemotePartyId)
        {
            if (!RemotePartyId.TryParse(message.Span, value, out var rpid))
            {
                return false;
            }

            var screenNo = rpid.Screen.Length == 2 && message[rpid.Screen].SequenceEqual("no"u8);
            identity = FromNameAddr(message, IdentityOrigin.Rpid, rpid.Address, Map(rpid.Privacy), screenNo);
            return true;
        }

        if (!NameAddr.TryParse(message.Span, value, out var nameAddr))
        {
            return false;
        }

        identity = FromNameAddr(message, header == KnownHeader.PPreferredIdentity ? IdentityOrigin.Ppi : IdentityOrigin.Pai, nameAddr, PolicyRpidPrivacy.None, screenNo: false);
        return true;
    }

    private static CallerIdentity FromNameAddr(SipMessage message, IdentityOrigin origin, NameAddr nameAddr, PolicyRpidPrivacy rpidPrivacy, bool screenNo)
    {
        var uri = nameAddr.Uri;
        var flags = IdentityFlags.None;
        ReadOnlyMemory<byte> phoneContext = default;
        if (uri.Scheme == SipUriScheme.Tel)
        {
            flags |= IdentityFlags.IsTel;
        }
        else if (!uri.IsSipOrSips)
        {
            flags |= IdentityFlags.OtherScheme;
        }

        if (uri.TryGetParameter(message.Span, "user"u8, out var user) && Ascii.EqualsIgnoreCase(message[user], "phone"u8))
        {
            flags |= IdentityFlags.UserEqualsPhone;
        }

        if (uri.TryGetParameter(message.Span, "phone-context"u8, out var context))
        {
            phoneContext = Slice(message, context);
        }

        if (screenNo)
        {
            flags |= IdentityFlags.RpidScreenNo;
        }

        return new CallerIdentity(
            origin,
            Slice(message, uri.User),
            Slice(message, uri.Host),
            Slice(message, nameAddr.DisplayName),
            flags,
            rpidPrivacy,
            phoneContext);
    }

    private static ReadOnlyMemory<byte> RequestUriUser(SipMessage message) =>
        message.TryGetRequestUri(out var uri) ? Slice(message, uri.User) : default;

    private static ReadOnlyMemory<byte> Slice(SipMessage message, ByteRange range) =>
        message.Buffer.AsMemory(message.BufferOffset + range.Offset, range.Length);

    private static PolicyPrivacy Map(SipPrivacy privacy)
    {
        var result = PolicyPrivacy.None;
        if ((privacy & SipPrivacy.Id) != 0)
        {
            result |= PolicyPrivacy.Id;
        }

        if ((privacy & SipPrivacy.User) != 0)
        {
            result |= PolicyPrivacy.User;
        }

        if ((privacy & SipPrivacy.Header) != 0)
        {
            result |= PolicyPrivacy.Header;
        }

        if ((privacy & SipPrivacy.Session) != 0)
        {
            result |= PolicyPrivacy.Session;
        }

        if ((privacy & SipPrivacy.Critical) != 0)
        {
            result |= PolicyPrivacy.Critical;
        }

        if ((privacy & SipPrivacy.NoneToken) != 0)
        {
            result |= PolicyPrivacy.NoneToken;
        }

        return result;
    }

    private static PolicyRpidPrivacy Map(SipRpidPrivacy privacy) => privacy switch
    {
        SipRpidPrivacy.Full => PolicyRpidPrivacy.Full,
        SipRpidPrivacy.Uri => PolicyRpidPrivacy.Uri,
        SipRpidPrivacy.Name => PolicyRpidPrivacy.Name,
        _ => PolicyRpidPrivacy.None,
    };
}
