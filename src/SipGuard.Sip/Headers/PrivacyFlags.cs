namespace SipGuard.Sip.Headers;

/// <summary>Privacy header tokens (RFC 3323, RFC 3325 'id', RFC 4244 'history').</summary>
[Flags]
public enum PrivacyFlags : byte
{
    None = 0,
    Header = 1,
    Session = 2,
    User = 4,
    Id = 8,
    Critical = 16,
    History = 32,
    NoneToken = 64,
    Unknown = 128,
}
