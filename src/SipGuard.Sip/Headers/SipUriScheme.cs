namespace SipGuard.Sip.Headers;

/// <summary>URI schemes the proxy understands; anything else is kept as an opaque absolute URI.</summary>
public enum SipUriScheme : byte
{
    None = 0,
    Sip,
    Sips,
    Tel,
    Other,
}
