using SipGuard.Sip.Messages;
using SipGuard.Sip.Parsing;

namespace SipGuard.Sip.Headers;

/// <summary>A Remote-Party-ID value: the name-addr plus its party, screen and privacy parameters.</summary>
public readonly struct RemotePartyId
{
    public NameAddr Address { get; init; }

    /// <summary>party parameter value (calling/called), empty when absent.</summary>
    public ByteRange Party { get; init; }

    /// <summary>screen parameter value (yes/no), empty when absent.</summary>
    public ByteRange Screen { get; init; }

    public RpidPrivacy Privacy { get; init; }

    public ByteRange PrivacyValue { get; init; }

    public bool IsCallingParty(ReadOnlySpan<byte> message) =>
        Party.IsEmpty || SipChars.EqualsIgnoreCase(message.Slice(Party.Offset, Party.Length), "calling"u8);

    public static bool TryParse(ReadOnlySpan<byte> s, ByteRange value, out RemotePartyId rpid)
    {
        rpid = default;
        if (!NameAddrParser.TryParse(s, value, out var na))
        {
            return false;
        }

        na.TryGetParameter(s, "party"u8, out var party);
        na.TryGetParameter(s, "screen"u8, out var screen);
        var privacy = RpidPrivacy.Absent;
        if (na.TryGetParameter(s, "privacy"u8, out var pv))
        {
            var v = s.Slice(pv.Offset, pv.Length);
            privacy = v.Length switch
            {
                3 when SipChars.EqualsIgnoreCase(v, "off"u8) => RpidPrivacy.Off,
                3 when SipChars.EqualsIgnoreCase(v, "uri"u8) => RpidPrivacy.Uri,
                4 when SipChars.EqualsIgnoreCase(v, "name"u8) => RpidPrivacy.Name,
                4 when SipChars.EqualsIgnoreCase(v, "full"u8) => RpidPrivacy.Full,
                _ => RpidPrivacy.Other,
            };
        }

        rpid = new RemotePartyId { Address = na, Party = party, Screen = screen, Privacy = privacy, PrivacyValue = pv };
        return true;
    }
}
