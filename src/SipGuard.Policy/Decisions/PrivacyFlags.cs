namespace SipGuard.Policy;

/// <summary>Tokens of the Privacy header (RFC 3323, RFC 3325).</summary>
[Flags]
public enum PrivacyFlags : byte
{
    /// <summary>No Privacy header.</summary>
    None = 0,
    /// <summary><c>id</c>: withheld.</summary>
    Id = 1,
    /// <summary><c>user</c>: withheld.</summary>
    User = 2,
    /// <summary><c>header</c>: withheld.</summary>
    Header = 4,
    /// <summary><c>session</c>: media privacy only.</summary>
    Session = 8,
    /// <summary><c>critical</c>: the requested privacy must be honoured (does not withhold by itself).</summary>
    Critical = 16,
    /// <summary><c>none</c>: explicitly no privacy.</summary>
    NoneToken = 32,

    /// <summary>The tokens that withhold the caller.</summary>
    Withholding = Id | User | Header,
}
