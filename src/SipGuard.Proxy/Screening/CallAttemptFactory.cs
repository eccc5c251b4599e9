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
/// Turns an INVITE's identity headers into the policy engine's <see cref="CallAttempt"/>: every
/// P-Asserted-Identity value, the From and every Remote-Party-ID, as slices of the received buffer
/// (no strings), in the workspace's reusable identity array.
/// </summary>
internal static class CallAttemptFactory
{
    /// <summary>False when an identity header is malformed (the caller answers 400).</summary>
    public static bool TryCreate(ProxyWorkspace workspace, SipEndpoint source, SipTransportKind transport, int listenerId, out CallAttempt attempt)
    {
        var message = workspace.Message;
        var identities = workspace.Identities;
        var count = 0;

        var pai = message.GetNameAddrs(KnownHeader.PAssertedIdentity, workspace.NameAddrs);
        if (pai < 0)
        {
            attempt = default;
            return false;
        }

        for (var i = 0; i < pai && count < identities.Length; i++)
        {
            identities[count++] = FromNameAddr(message, IdentityOrigin.Pai, workspace.NameAddrs[i], PolicyRpidPrivacy.None, screenNo: false);
        }

        if (!message.TryGetFrom(out var from))
        {
            attempt = default;
            return false;
        }

        identities[count++] = FromNameAddr(message, IdentityOrigin.From, from, PolicyRpidPrivacy.None, screenNo: false);

        var rpid = message.GetRemotePartyIds(workspace.RemotePartyIds);
        if (rpid < 0)
        {
            attempt = default;
            return false;
        }

        for (var i = 0; i < rpid && count < identities.Length; i++)
        {
            var value = workspace.RemotePartyIds[i];
            var screenNo = value.Screen.Length == 2 && message[value.Screen].SequenceEqual("no"u8);
            identities[count++] = FromNameAddr(message, IdentityOrigin.Rpid, value.Address, Map(value.Privacy), screenNo);
        }

        attempt = new CallAttempt(
            ProxySnapshot.ToSourceEndpoint(source),
            identities.AsMemory(0, count),
            Map(message.Privacy),
            transport == SipTransportKind.Tcp ? SipTransport.Tcp : SipTransport.Udp,
            listenerId,
            RequestUriUser(message));
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
