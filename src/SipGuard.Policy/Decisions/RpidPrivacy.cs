namespace SipGuard.Policy;

/// <summary>The Remote-Party-ID <c>privacy=</c> parameter.</summary>
public enum RpidPrivacy : byte
{
    /// <summary>Absent or <c>off</c>.</summary>
    None,
    /// <summary><c>privacy=full</c>: withheld.</summary>
    Full,
    /// <summary><c>privacy=uri</c>: withheld.</summary>
    Uri,
    /// <summary><c>privacy=name</c>: only the display name is hidden; the number is not withheld.</summary>
    Name,
}
